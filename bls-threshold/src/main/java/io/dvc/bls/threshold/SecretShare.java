package io.dvc.bls.threshold;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import java.util.Objects;

/**
 * One share of a threshold-split secret key: the share polynomial's value at {@code index} (1..n).
 * Its {@code toString} never shows the secret.
 */
public record SecretShare(int index, BlsSecretKey secretKey) {
  public SecretShare {
    ShareIndices.check(index);
    Objects.requireNonNull(secretKey, "secretKey");
  }

  /** The matching public share. */
  public PublicShare publicShare() {
    return new PublicShare(index, secretKey.publicKey());
  }

  /** Zeroes the secret key. */
  public void destroy() {
    secretKey.destroy();
  }

  @Override
  public String toString() {
    return "SecretShare[index=" + index + ", publicKey=" + publicKeyOrDestroyed() + "]";
  }

  private String publicKeyOrDestroyed() {
    if (secretKey.isDestroyed()) {
      return "destroyed";
    }
    final BlsPublicKey key = secretKey.publicKey();
    return key.toHex();
  }
}
