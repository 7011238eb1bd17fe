package io.dvc.bls.threshold;

/** Share index rules: shares are numbered 1..255 (the x-coordinate of the share polynomial). */
final class ShareIndices {
  static final int MAX = 255;

  private ShareIndices() {}

  static int check(final int index) {
    if (index < 1 || index > MAX) {
      throw new IllegalArgumentException("share index must be in 1.." + MAX + ", got " + index);
    }
    return index;
  }
}
