package io.dvc.bls;

/** The blst native library could not be loaded on this platform. */
public final class BlsNativeLoadException extends BlsException {
  BlsNativeLoadException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
