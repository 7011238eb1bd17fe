package io.dvc.spec.signing;

import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.SszType;
import io.dvc.spec.types.ForkData;
import io.dvc.spec.types.SigningData;

/** compute_fork_data_root, compute_domain and compute_signing_root of the consensus specs. */
public final class Signing {
  /** A zero Root: genesis_validators_root of deposits and builder registrations. */
  public static final Bytes ZERO_ROOT = Bytes.zero(32);

  private Signing() {}

  /** compute_fork_data_root(current_version, genesis_validators_root). */
  public static Bytes computeForkDataRoot(
      final Bytes currentVersion, final Bytes genesisValidatorsRoot) {
    return Schemas.MAINNET.forkData.hashTreeRoot(
        new ForkData(currentVersion, genesisValidatorsRoot));
  }

  /** compute_domain(domain_type, fork_version, genesis_validators_root): 32 bytes. */
  public static Bytes computeDomain(
      final Bytes domainType, final Bytes forkVersion, final Bytes genesisValidatorsRoot) {
    if (domainType.size() != 4) {
      throw new IllegalArgumentException("a domain type has 4 bytes, got " + domainType.size());
    }
    final byte[] domain = new byte[32];
    domainType.copyTo(domain, 0);
    System.arraycopy(
        computeForkDataRoot(forkVersion, genesisValidatorsRoot).toArray(), 0, domain, 4, 28);
    return Bytes.of(domain);
  }

  /** compute_signing_root(ssz_object, domain) for an object of the given type. */
  public static <T> Bytes computeSigningRoot(
      final SszType<T> type, final T sszObject, final Bytes domain) {
    return computeSigningRoot(type.hashTreeRoot(sszObject), domain);
  }

  /** compute_signing_root from an object root already computed. */
  public static Bytes computeSigningRoot(final Bytes objectRoot, final Bytes domain) {
    return Schemas.MAINNET.signingData.hashTreeRoot(new SigningData(objectRoot, domain));
  }
}
