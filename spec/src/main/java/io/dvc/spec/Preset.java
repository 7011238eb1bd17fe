package io.dvc.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The preset values that shape SSZ types (list limits and vector lengths). {@link #MAINNET} and
 * {@link #MINIMAL} hold the consensus-specs presets; {@link #fromConfigSpec(JsonNode)} reads them
 * from a beacon node's {@code /eth/v1/config/spec}.
 */
public record Preset(
    String name,
    long slotsPerEpoch,
    long maxValidatorsPerCommittee,
    long maxCommitteesPerSlot,
    long maxProposerSlashings,
    long maxAttesterSlashings,
    long maxAttestations,
    long maxDeposits,
    long maxVoluntaryExits,
    long syncCommitteeSize,
    long maxBytesPerTransaction,
    long maxTransactionsPerPayload,
    long bytesPerLogsBloom,
    long maxExtraDataBytes,
    long maxWithdrawalsPerPayload,
    long maxBlsToExecutionChanges,
    long maxBlobCommitmentsPerBlock,
    long maxAttesterSlashingsElectra,
    long maxAttestationsElectra,
    long maxDepositRequestsPerPayload,
    long maxWithdrawalRequestsPerPayload,
    long maxConsolidationRequestsPerPayload,
    long fieldElementsPerBlob,
    long fieldElementsPerExtBlob,
    long epochsPerSyncCommitteePeriod) {

  /** Constants (not preset): deposit tree depth, sync subnet count, bytes per field element. */
  public static final int DEPOSIT_CONTRACT_TREE_DEPTH = 32;

  public static final int BYTES_PER_FIELD_ELEMENT = 32;

  public static final int SYNC_COMMITTEE_SUBNET_COUNT = 4;

  public static final Preset MAINNET =
      new Preset(
          "mainnet", 32, 2048, 64, 16, 2, 128, 16, 16, 512, 1L << 30, 1L << 20, 256, 32, 16, 16,
          4096, 1, 8, 8192, 16, 2, 4096, 8192, 256);

  public static final Preset MINIMAL =
      new Preset(
          "minimal", 8, 2048, 4, 16, 2, 128, 16, 16, 32, 1L << 30, 1L << 20, 256, 32, 4, 16, 4096,
          1, 8, 8192, 16, 2, 4096, 8192, 8);

  /** Sync committee bits per subcommittee: SYNC_COMMITTEE_SIZE / SYNC_COMMITTEE_SUBNET_COUNT. */
  public long syncSubcommitteeSize() {
    return syncCommitteeSize / SYNC_COMMITTEE_SUBNET_COUNT;
  }

  /** The sync committee period of an epoch: epoch // EPOCHS_PER_SYNC_COMMITTEE_PERIOD. */
  public long syncCommitteePeriod(final long epoch) {
    return Long.divideUnsigned(epoch, epochsPerSyncCommitteePeriod);
  }

  /** Bytes of a Blob: BYTES_PER_FIELD_ELEMENT * FIELD_ELEMENTS_PER_BLOB. */
  public int bytesPerBlob() {
    return Math.toIntExact(BYTES_PER_FIELD_ELEMENT * fieldElementsPerBlob);
  }

  /** A known preset by its PRESET_BASE name. */
  public static Preset byName(final String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "mainnet" -> MAINNET;
      case "minimal" -> MINIMAL;
      default -> throw new IllegalArgumentException("unknown preset \"" + name + "\"");
    };
  }

  /**
   * The preset of a {@code /eth/v1/config/spec} response ({@code data} object or the whole
   * response): starts from PRESET_BASE and takes every preset value the node reports.
   */
  public static Preset fromConfigSpec(final JsonNode configSpec) {
    final JsonNode data = configSpec.has("data") ? configSpec.get("data") : configSpec;
    final JsonNode base = data.get("PRESET_BASE");
    if (base == null || !base.isTextual()) {
      throw new IllegalArgumentException("config/spec has no PRESET_BASE");
    }
    final Preset start = byName(base.textValue());
    final Map<String, Long> v = new java.util.HashMap<>();
    data.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isTextual() && e.getValue().textValue().matches("[0-9]{1,19}")) {
                v.put(e.getKey(), Long.parseUnsignedLong(e.getValue().textValue()));
              }
            });
    return new Preset(
        start.name,
        v.getOrDefault("SLOTS_PER_EPOCH", start.slotsPerEpoch),
        v.getOrDefault("MAX_VALIDATORS_PER_COMMITTEE", start.maxValidatorsPerCommittee),
        v.getOrDefault("MAX_COMMITTEES_PER_SLOT", start.maxCommitteesPerSlot),
        v.getOrDefault("MAX_PROPOSER_SLASHINGS", start.maxProposerSlashings),
        v.getOrDefault("MAX_ATTESTER_SLASHINGS", start.maxAttesterSlashings),
        v.getOrDefault("MAX_ATTESTATIONS", start.maxAttestations),
        v.getOrDefault("MAX_DEPOSITS", start.maxDeposits),
        v.getOrDefault("MAX_VOLUNTARY_EXITS", start.maxVoluntaryExits),
        v.getOrDefault("SYNC_COMMITTEE_SIZE", start.syncCommitteeSize),
        v.getOrDefault("MAX_BYTES_PER_TRANSACTION", start.maxBytesPerTransaction),
        v.getOrDefault("MAX_TRANSACTIONS_PER_PAYLOAD", start.maxTransactionsPerPayload),
        v.getOrDefault("BYTES_PER_LOGS_BLOOM", start.bytesPerLogsBloom),
        v.getOrDefault("MAX_EXTRA_DATA_BYTES", start.maxExtraDataBytes),
        v.getOrDefault("MAX_WITHDRAWALS_PER_PAYLOAD", start.maxWithdrawalsPerPayload),
        v.getOrDefault("MAX_BLS_TO_EXECUTION_CHANGES", start.maxBlsToExecutionChanges),
        v.getOrDefault("MAX_BLOB_COMMITMENTS_PER_BLOCK", start.maxBlobCommitmentsPerBlock),
        v.getOrDefault("MAX_ATTESTER_SLASHINGS_ELECTRA", start.maxAttesterSlashingsElectra),
        v.getOrDefault("MAX_ATTESTATIONS_ELECTRA", start.maxAttestationsElectra),
        v.getOrDefault("MAX_DEPOSIT_REQUESTS_PER_PAYLOAD", start.maxDepositRequestsPerPayload),
        v.getOrDefault(
            "MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD", start.maxWithdrawalRequestsPerPayload),
        v.getOrDefault(
            "MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD", start.maxConsolidationRequestsPerPayload),
        v.getOrDefault("FIELD_ELEMENTS_PER_BLOB", start.fieldElementsPerBlob),
        v.getOrDefault("FIELD_ELEMENTS_PER_EXT_BLOB", start.fieldElementsPerExtBlob),
        v.getOrDefault("EPOCHS_PER_SYNC_COMMITTEE_PERIOD", start.epochsPerSyncCommitteePeriod));
  }
}
