package io.dvc.config.node;

/** How the node writes its log: human-readable text or one JSON object per line. */
public enum LogFormat {
  TEXT,
  JSON
}
