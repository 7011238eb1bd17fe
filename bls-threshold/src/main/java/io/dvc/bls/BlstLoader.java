package io.dvc.bls;

import supranational.blst.P1;

/**
 * The only place that loads the blst native library (shipped inside jblst). Every entry point of
 * the facade calls {@link #ensureLoaded()} first, so a missing or incompatible native library gives
 * one clear {@link BlsNativeLoadException} instead of a linkage error deep in a call.
 */
final class BlstLoader {
  private static final BlsNativeLoadException FAILURE = load();

  private BlstLoader() {}

  /** Throws the load failure, if any; cheap after the first call. */
  static void ensureLoaded() {
    if (FAILURE != null) {
      throw FAILURE;
    }
  }

  private static BlsNativeLoadException load() {
    try {
      // Touching any blst class runs blstJNI's static initializer, which loads the library.
      P1.generator();
      return null;
    } catch (final LinkageError e) {
      return new BlsNativeLoadException(
          "cannot load the blst native library for "
              + System.getProperty("os.name")
              + "/"
              + System.getProperty("os.arch")
              + " from jblst: "
              + e,
          e);
    }
  }
}
