package io.dvc.consensus.message;

/** QBFT message kinds, with their wire numbers. */
public enum MessageType {
  PROPOSAL(1),
  PREPARE(2),
  COMMIT(3),
  ROUND_CHANGE(4),
  /** A decided proof: the value and a commit quorum, sent to a lagging peer. */
  DECIDED(5);

  private final int wire;

  MessageType(final int wire) {
    this.wire = wire;
  }

  public int wire() {
    return wire;
  }

  /** The type with this wire number, or null. */
  public static MessageType fromWire(final int wire) {
    for (MessageType t : values()) {
      if (t.wire == wire) {
        return t;
      }
    }
    return null;
  }
}
