package io.dvc.config.operator;

/** An operator directory cannot be used; the message is one line naming the file and reason. */
public final class OperatorConfigException extends RuntimeException {
  public OperatorConfigException(final String message) {
    super(message);
  }
}
