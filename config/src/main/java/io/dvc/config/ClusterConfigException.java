package io.dvc.config;

import io.dvc.common.text.SafeText;

/**
 * A cluster file is unusable. The message is one line naming the file, the JSON path of the bad
 * value and the reason, e.g. {@code cluster-lock.json: $.operators[2].peer_id: duplicate of
 * $.operators[0].peer_id}. Never carries secret material. Text taken from the file (a field name, a
 * value) has its control characters escaped, so it cannot forge a second line.
 */
public final class ClusterConfigException extends RuntimeException {
  private final String file;
  private final String jsonPath;
  private final String reason;

  public ClusterConfigException(final String file, final String jsonPath, final String reason) {
    super(
        SafeText.escape(file) + ": " + SafeText.escape(jsonPath) + ": " + SafeText.escape(reason));
    this.file = SafeText.escape(file);
    this.jsonPath = SafeText.escape(jsonPath);
    this.reason = SafeText.escape(reason);
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
