package io.dvc.bls.threshold;

import io.dvc.bls.BlsPublicKey;
import java.util.Objects;

/** The public key of share {@code index}: partial signatures from that share verify against it. */
public record PublicShare(int index, BlsPublicKey publicKey) {
  public PublicShare {
    ShareIndices.check(index);
    Objects.requireNonNull(publicKey, "publicKey");
  }
}
