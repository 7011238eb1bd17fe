package io.dvc.spec.ssz;

/**
 * Bad SSZ bytes, bad JSON or an out-of-range value. The message names the field path (for example
 * {@code body.attestations[2].data.slot}) and the reason.
 */
public final class SszException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final String reason;

  public SszException(final String reason) {
    this("", reason, null);
  }

  public SszException(final String reason, final Throwable cause) {
    this("", reason, cause);
  }

  private SszException(final String path, final String reason, final Throwable cause) {
    super(path.isEmpty() ? reason : path + ": " + reason, cause);
    this.path = path;
    this.reason = reason;
  }

  /** The same error one level further out: {@code name} is a field name or {@code [i]}. */
  public SszException within(final String name) {
    final String joined =
        path.isEmpty() ? name : path.startsWith("[") ? name + path : name + "." + path;
    final SszException outer = new SszException(joined, reason, getCause());
    outer.setStackTrace(getStackTrace());
    return outer;
  }

  /** The field path, empty at top level. */
  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
