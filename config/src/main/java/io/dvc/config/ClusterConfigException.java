package io.dvc.config;

/**
 * A cluster file is unusable. The message is one line naming the file, the JSON path of the bad
 * value and the reason, e.g. {@code cluster-lock.json: $.operators[2].peer_id: duplicate of
 * $.operators[0].peer_id}. Never carries secret material.
 */
public final class ClusterConfigException extends RuntimeException {
  private final String file;
  private final String jsonPath;
  private final String reason;

  public ClusterConfigException(final String file, final String jsonPath, final String reason) {
    super(file + ": " + jsonPath + ": " + reason);
    this.file = file;
    this.jsonPath = jsonPath;
    this.reason = reason;
  }

  /** The file (or other source) that holds the bad value. */
  public String file() {
    return file;
  }

  /** The JSON path of the bad value ({@code $} for the whole document). */
  public String jsonPath() {
    return jsonPath;
  }

  public String reason() {
    return reason;
  }
}
