package io.dvc.node.pipeline;

/** The one place where a failure's message is dug out of its wrappers, for reports and logs. */
public final class Errors {
  private Errors() {}

  /** The message of the innermost cause. */
  public static String rootMessage(final Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }
}
