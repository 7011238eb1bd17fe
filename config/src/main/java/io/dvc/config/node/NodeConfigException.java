package io.dvc.config.node;

/**
 * The node configuration is unusable; one line naming where the value came from (flag, environment
 * variable or file and key) and the reason.
 */
public final class NodeConfigException extends RuntimeException {
  public NodeConfigException(final String message) {
    super(message);
  }
}
