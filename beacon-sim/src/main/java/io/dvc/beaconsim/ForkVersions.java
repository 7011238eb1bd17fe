package io.dvc.beaconsim;

import io.dvc.spec.ForkName;
import io.dvc.spec.ssz.Bytes;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fork versions of a simulated chain, derived from GENESIS_FORK_VERSION the way mainnet,
 * Holesky and Hoodi number theirs: the version of the fork with ordinal {@code i} (phase0 = 0,
 * altair = 1, ..., fulu = 6) is the genesis version with {@code i} added to its first byte (modulo
 * 256) and the other three bytes unchanged. Mainnet's 0x00000000 gives 0x01000000 for Altair,
 * 0x05000000 for Electra.
 */
public final class ForkVersions {
  private ForkVersions() {}

  /** Every fork's version. */
  public static Map<ForkName, Bytes> derive(final Bytes genesisForkVersion) {
    final Map<ForkName, Bytes> versions = new EnumMap<>(ForkName.class);
    for (final ForkName fork : ForkName.values()) {
      versions.put(fork, of(genesisForkVersion, fork));
    }
    return versions;
  }

  /** One fork's version. */
  public static Bytes of(final Bytes genesisForkVersion, final ForkName fork) {
    final byte[] version = genesisForkVersion.toArray();
    version[0] = (byte) (version[0] + fork.ordinal());
    return Bytes.of(version);
  }
}
