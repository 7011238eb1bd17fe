package io.dvc.consensus;

/**
 * Fault and quorum sizes for n operators: f = floor((n - 1) / 3) tolerated faults, quorum = ceil((n
 * + f + 1) / 2) (which is 2f + 1 when n = 3f + 1), weak quorum f + 1.
 */
public record Quorum(int n) {
  public Quorum {
    if (n < 1) {
      throw new IllegalArgumentException("cluster needs at least 1 operator, got " + n);
    }
  }

  public int faulty() {
    return (n - 1) / 3;
  }

  public int quorum() {
    return (n + faulty() + 2) / 2;
  }

  public int weak() {
    return faulty() + 1;
  }
}
