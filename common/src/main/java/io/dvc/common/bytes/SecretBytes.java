package io.dvc.common.bytes;

import java.util.Arrays;

/** Zeroing helpers for secret material. */
public final class SecretBytes {
  private SecretBytes() {}

  /** Overwrites every array with zeros; null arrays are ignored. */
  public static void wipe(final byte[]... arrays) {
    for (final byte[] array : arrays) {
      if (array != null) {
        Arrays.fill(array, (byte) 0);
      }
    }
  }
}
