package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.Domains;
import io.dvc.spec.signing.ForkSchedule;

/** The body of {@code /eth/v1/config/spec}: preset, fork schedule and constants, as strings. */
final class ConfigSpec {
  static final String FAR_FUTURE_EPOCH = "18446744073709551615";

  private ConfigSpec() {}

  static ObjectNode of(final SimChain chain, final long genesisDelaySeconds) {
    final ForkSchedule schedule = chain.schedule();
    final Preset preset = schedule.preset();
    final ChainParameters p = chain.parameters();
    final ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("CONFIG_NAME", "dvc-beacon-sim");
    d.put("PRESET_BASE", preset.name());
    d.put("MIN_GENESIS_ACTIVE_VALIDATOR_COUNT", "1");
    d.put("MIN_GENESIS_TIME", Long.toString(schedule.genesisTime()));
    d.put("GENESIS_DELAY", Long.toString(genesisDelaySeconds));
    d.put("GENESIS_FORK_VERSION", schedule.genesisForkVersion().toHex());
    for (final ForkName fork : ForkName.values()) {
      if (fork == ForkName.PHASE0) {
        continue;
      }
      d.put(
          fork.configPrefix() + "_FORK_VERSION",
          ForkVersions.of(schedule.genesisForkVersion(), fork).toHex());
      final long epoch = schedule.forkEpoch(fork);
      d.put(
          fork.configPrefix() + "_FORK_EPOCH",
          epoch == ForkSchedule.FAR_FUTURE_EPOCH ? FAR_FUTURE_EPOCH : Long.toUnsignedString(epoch));
    }
    d.put("SECONDS_PER_SLOT", Long.toString(schedule.secondsPerSlot()));
    d.put("SLOT_DURATION_MS", Long.toString(schedule.secondsPerSlot() * 1000));
    d.put("SECONDS_PER_ETH1_BLOCK", "14");
    d.put("MIN_VALIDATOR_WITHDRAWABILITY_DELAY", "256");
    d.put("SHARD_COMMITTEE_PERIOD", "256");
    d.put("ETH1_FOLLOW_DISTANCE", "2048");
    d.put("EJECTION_BALANCE", "16000000000");
    d.put("MIN_PER_EPOCH_CHURN_LIMIT", "4");
    d.put("CHURN_LIMIT_QUOTIENT", "65536");
    d.put("DEPOSIT_CHAIN_ID", "1337");
    d.put("DEPOSIT_NETWORK_ID", "1337");
    d.put("DEPOSIT_CONTRACT_ADDRESS", "0x" + "00".repeat(20));
    d.put("TERMINAL_TOTAL_DIFFICULTY", "0");
    d.put("TERMINAL_BLOCK_HASH", "0x" + "00".repeat(32));
    d.put("TERMINAL_BLOCK_HASH_ACTIVATION_EPOCH", FAR_FUTURE_EPOCH);
    // preset
    d.put("SLOTS_PER_EPOCH", Long.toString(preset.slotsPerEpoch()));
    d.put("MAX_COMMITTEES_PER_SLOT", Long.toString(preset.maxCommitteesPerSlot()));
    d.put("TARGET_COMMITTEE_SIZE", Long.toString(p.targetCommitteeSize()));
    d.put("MAX_VALIDATORS_PER_COMMITTEE", Long.toString(preset.maxValidatorsPerCommittee()));
    d.put("SHUFFLE_ROUND_COUNT", Integer.toString(p.shuffleRoundCount()));
    d.put("MIN_SEED_LOOKAHEAD", Long.toString(p.minSeedLookahead()));
    d.put("MAX_SEED_LOOKAHEAD", Long.toString(p.maxSeedLookahead()));
    d.put("EPOCHS_PER_ETH1_VOTING_PERIOD", Long.toString(p.epochsPerEth1VotingPeriod()));
    d.put("SLOTS_PER_HISTORICAL_ROOT", Long.toString(p.slotsPerHistoricalRoot()));
    d.put("MIN_EPOCHS_TO_INACTIVITY_PENALTY", Long.toString(p.minEpochsToInactivityPenalty()));
    d.put("EPOCHS_PER_HISTORICAL_VECTOR", Long.toString(p.epochsPerHistoricalVector()));
    d.put("EPOCHS_PER_SLASHINGS_VECTOR", Long.toString(p.epochsPerSlashingsVector()));
    d.put("HISTORICAL_ROOTS_LIMIT", Long.toString(p.historicalRootsLimit()));
    d.put("VALIDATOR_REGISTRY_LIMIT", Long.toString(p.validatorRegistryLimit()));
    d.put("MAX_EFFECTIVE_BALANCE", Long.toString(p.maxEffectiveBalance()));
    d.put("MAX_EFFECTIVE_BALANCE_ELECTRA", Long.toString(p.maxEffectiveBalanceElectra()));
    d.put("MIN_ACTIVATION_BALANCE", Long.toString(p.maxEffectiveBalance()));
    d.put("EFFECTIVE_BALANCE_INCREMENT", "1000000000");
    d.put("MAX_PROPOSER_SLASHINGS", Long.toString(preset.maxProposerSlashings()));
    d.put("MAX_ATTESTER_SLASHINGS", Long.toString(preset.maxAttesterSlashings()));
    d.put("MAX_ATTESTATIONS", Long.toString(preset.maxAttestations()));
    d.put("MAX_DEPOSITS", Long.toString(preset.maxDeposits()));
    d.put("MAX_VOLUNTARY_EXITS", Long.toString(preset.maxVoluntaryExits()));
    d.put("SYNC_COMMITTEE_SIZE", Long.toString(preset.syncCommitteeSize()));
    d.put("EPOCHS_PER_SYNC_COMMITTEE_PERIOD", Long.toString(p.epochsPerSyncCommitteePeriod()));
    d.put("MAX_BYTES_PER_TRANSACTION", Long.toString(preset.maxBytesPerTransaction()));
    d.put("MAX_TRANSACTIONS_PER_PAYLOAD", Long.toString(preset.maxTransactionsPerPayload()));
    d.put("BYTES_PER_LOGS_BLOOM", Long.toString(preset.bytesPerLogsBloom()));
    d.put("MAX_EXTRA_DATA_BYTES", Long.toString(preset.maxExtraDataBytes()));
    d.put("MAX_WITHDRAWALS_PER_PAYLOAD", Long.toString(preset.maxWithdrawalsPerPayload()));
    d.put("MAX_BLS_TO_EXECUTION_CHANGES", Long.toString(preset.maxBlsToExecutionChanges()));
    d.put("MAX_BLOB_COMMITMENTS_PER_BLOCK", Long.toString(preset.maxBlobCommitmentsPerBlock()));
    d.put("MAX_ATTESTER_SLASHINGS_ELECTRA", Long.toString(preset.maxAttesterSlashingsElectra()));
    d.put("MAX_ATTESTATIONS_ELECTRA", Long.toString(preset.maxAttestationsElectra()));
    d.put("MAX_DEPOSIT_REQUESTS_PER_PAYLOAD", Long.toString(preset.maxDepositRequestsPerPayload()));
    d.put(
        "MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD",
        Long.toString(preset.maxWithdrawalRequestsPerPayload()));
    d.put(
        "MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD",
        Long.toString(preset.maxConsolidationRequestsPerPayload()));
    d.put("FIELD_ELEMENTS_PER_BLOB", Long.toString(preset.fieldElementsPerBlob()));
    d.put("FIELD_ELEMENTS_PER_EXT_BLOB", Long.toString(preset.fieldElementsPerExtBlob()));
    d.put("MAX_BLOBS_PER_BLOCK", "6");
    d.put("MAX_BLOBS_PER_BLOCK_ELECTRA", "9");
    // constants
    d.put("TARGET_AGGREGATORS_PER_COMMITTEE", "16");
    d.put("TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE", "16");
    d.put("SYNC_COMMITTEE_SUBNET_COUNT", Integer.toString(Preset.SYNC_COMMITTEE_SUBNET_COUNT));
    d.put("ATTESTATION_SUBNET_COUNT", "64");
    d.put("DEPOSIT_CONTRACT_TREE_DEPTH", Integer.toString(Preset.DEPOSIT_CONTRACT_TREE_DEPTH));
    d.put("BLS_WITHDRAWAL_PREFIX", "0x00");
    d.put("ETH1_ADDRESS_WITHDRAWAL_PREFIX", "0x01");
    d.put("COMPOUNDING_WITHDRAWAL_PREFIX", "0x02");
    d.put("GENESIS_SLOT", "0");
    d.put("GENESIS_EPOCH", "0");
    d.put("FAR_FUTURE_EPOCH", FAR_FUTURE_EPOCH);
    d.put("DOMAIN_BEACON_PROPOSER", Domains.DOMAIN_BEACON_PROPOSER.toHex());
    d.put("DOMAIN_BEACON_ATTESTER", Domains.DOMAIN_BEACON_ATTESTER.toHex());
    d.put("DOMAIN_RANDAO", Domains.DOMAIN_RANDAO.toHex());
    d.put("DOMAIN_DEPOSIT", Domains.DOMAIN_DEPOSIT.toHex());
    d.put("DOMAIN_VOLUNTARY_EXIT", Domains.DOMAIN_VOLUNTARY_EXIT.toHex());
    d.put("DOMAIN_SELECTION_PROOF", Domains.DOMAIN_SELECTION_PROOF.toHex());
    d.put("DOMAIN_AGGREGATE_AND_PROOF", Domains.DOMAIN_AGGREGATE_AND_PROOF.toHex());
    d.put("DOMAIN_SYNC_COMMITTEE", Domains.DOMAIN_SYNC_COMMITTEE.toHex());
    d.put(
        "DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF",
        Domains.DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF.toHex());
    d.put("DOMAIN_CONTRIBUTION_AND_PROOF", Domains.DOMAIN_CONTRIBUTION_AND_PROOF.toHex());
    d.put("DOMAIN_BLS_TO_EXECUTION_CHANGE", Domains.DOMAIN_BLS_TO_EXECUTION_CHANGE.toHex());
    d.put("DOMAIN_APPLICATION_MASK", Domains.DOMAIN_APPLICATION_MASK.toHex());
    return d;
  }
}
