package io.dvc.storage;

/** How far a committed write batch must reach before {@code commit} returns. */
public enum Durability {
  /** The write-ahead log is fsynced: the batch survives a crash or power loss. */
  SYNCED,
  /** Written to the log without fsync: survives a process crash, maybe not a power loss. */
  UNSYNCED
}
