package io.dvc.beaconsim;

import io.dvc.spec.Preset;

/**
 * Preset values the simulator needs beyond {@link Preset} (which holds only those that shape SSZ
 * types): the consensus-specs mainnet and minimal values.
 */
public record ChainParameters(
    long targetCommitteeSize,
    int shuffleRoundCount,
    long epochsPerSyncCommitteePeriod,
    long epochsPerEth1VotingPeriod,
    long slotsPerHistoricalRoot,
    long epochsPerHistoricalVector,
    long epochsPerSlashingsVector,
    long historicalRootsLimit,
    long validatorRegistryLimit,
    long minSeedLookahead,
    long maxSeedLookahead,
    long minEpochsToInactivityPenalty,
    long maxEffectiveBalance,
    long maxEffectiveBalanceElectra) {

  public static final ChainParameters MAINNET =
      new ChainParameters(
          128,
          90,
          256,
          64,
          8192,
          65536,
          8192,
          16_777_216,
          1L << 40,
          1,
          4,
          4,
          32_000_000_000L,
          2_048_000_000_000L);

  public static final ChainParameters MINIMAL =
      new ChainParameters(
          4,
          10,
          8,
          4,
          64,
          64,
          64,
          16_777_216,
          1L << 40,
          1,
          4,
          4,
          32_000_000_000L,
          2_048_000_000_000L);

  public static ChainParameters of(final Preset preset) {
    return "minimal".equals(preset.name()) ? MINIMAL : MAINNET;
  }
}
