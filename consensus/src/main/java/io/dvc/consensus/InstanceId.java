package io.dvc.consensus;

/**
 * Identity of one consensus instance within a cluster: the height (usually the slot) and the duty
 * kind. Both are non-negative.
 */
public record InstanceId(long height, int dutyKind) {
  public InstanceId {
    if (height < 0) {
      throw new IllegalArgumentException("instance height must be >= 0, got " + height);
    }
    if (dutyKind < 0) {
      throw new IllegalArgumentException("instance duty kind must be >= 0, got " + dutyKind);
    }
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof InstanceId other && other.height == height && other.dutyKind == dutyKind;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(height) * 31 + dutyKind;
  }

  @Override
  public String toString() {
    return "h" + height + "/d" + dutyKind;
  }
}
