package io.dvc.node;

/** The node must not start; the message is the one-line reason shown to the operator. */
public final class NodeStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NodeStartException(final String message) {
    super(message);
  }
}
