package io.dvc.spec.signing;

import static io.dvc.spec.signing.Domains.DOMAIN_AGGREGATE_AND_PROOF;
import static io.dvc.spec.signing.Domains.DOMAIN_APPLICATION_BUILDER;
import static io.dvc.spec.signing.Domains.DOMAIN_BEACON_ATTESTER;
import static io.dvc.spec.signing.Domains.DOMAIN_BEACON_PROPOSER;
import static io.dvc.spec.signing.Domains.DOMAIN_CONTRIBUTION_AND_PROOF;
import static io.dvc.spec.signing.Domains.DOMAIN_DEPOSIT;
import static io.dvc.spec.signing.Domains.DOMAIN_RANDAO;
import static io.dvc.spec.signing.Domains.DOMAIN_SELECTION_PROOF;
import static io.dvc.spec.signing.Domains.DOMAIN_SYNC_COMMITTEE;
import static io.dvc.spec.signing.Domains.DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF;
import static io.dvc.spec.signing.Domains.DOMAIN_VOLUNTARY_EXIT;

import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.ssz.Ssz;
import io.dvc.spec.types.AggregateAndProof;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BeaconBlockBody;
import io.dvc.spec.types.BeaconBlockHeader;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlockBody;
import io.dvc.spec.types.BlsToExecutionChange;
import io.dvc.spec.types.ContributionAndProof;
import io.dvc.spec.types.DepositMessage;
import io.dvc.spec.types.SyncAggregatorSelectionData;
import io.dvc.spec.types.ValidatorRegistrationV1;
import io.dvc.spec.types.VoluntaryExit;

/**
 * The signing root of every duty, on one chain (its {@link ForkSchedule}). Each method names the
 * domain and the epoch whose fork version it uses, as the validator specs do.
 */
public final class SigningRoots {
  private final ForkSchedule schedule;
  private final Schemas schemas;

  public SigningRoots(final ForkSchedule schedule) {
    this.schedule = schedule;
    this.schemas = schedule.schemas();
  }

  public ForkSchedule schedule() {
    return schedule;
  }

  /** Attestation: DOMAIN_BEACON_ATTESTER at the target epoch, over AttestationData. */
  public Bytes attestation(final AttestationData data) {
    return Signing.computeSigningRoot(
        schemas.attestationData,
        data,
        schedule.domain(DOMAIN_BEACON_ATTESTER, data.target().epoch()));
  }

  /** Block proposal by its header: DOMAIN_BEACON_PROPOSER at the block's epoch. */
  public Bytes block(final BeaconBlockHeader header) {
    return Signing.computeSigningRoot(
        schemas.beaconBlockHeader,
        header,
        schedule.domain(DOMAIN_BEACON_PROPOSER, schedule.epochOfSlot(header.slot())));
  }

  /** A full block: the same root as its header (and as its blinded form). */
  public Bytes block(final BeaconBlock block) {
    return block(header(block));
  }

  /** A blinded block: the same root as its header (and as its full form). */
  public Bytes block(final BlindedBeaconBlock block) {
    return block(header(block));
  }

  /**
   * The header of a full block (body_root = hash_tree_root(body) in the fork of the block's slot).
   *
   * @throws IllegalArgumentException when the body is not the form of that fork
   */
  public BeaconBlockHeader header(final BeaconBlock block) {
    final ForkName fork = schedule.forkAtSlot(block.slot());
    final ContainerType<BeaconBlockBody> bodyType = schemas.at(fork).beaconBlockBody();
    checkForm(bodyType, block.body(), block.slot(), fork);
    return new BeaconBlockHeader(
        block.slot(),
        block.proposerIndex(),
        block.parentRoot(),
        block.stateRoot(),
        bodyType.hashTreeRoot(block.body()));
  }

  /**
   * The header of a blinded block.
   *
   * @throws IllegalArgumentException when the body is not the form of the slot's fork
   */
  public BeaconBlockHeader header(final BlindedBeaconBlock block) {
    final ForkName fork = schedule.forkAtSlot(block.slot());
    final ContainerType<BlindedBeaconBlockBody> bodyType =
        schemas
            .at(fork)
            .blindedBeaconBlockBody()
            .orElseThrow(
                () -> new IllegalArgumentException("no blinded blocks at " + fork.jsonName()));
    checkForm(bodyType, block.body(), block.slot(), fork);
    return new BeaconBlockHeader(
        block.slot(),
        block.proposerIndex(),
        block.parentRoot(),
        block.stateRoot(),
        bodyType.hashTreeRoot(block.body()));
  }

  private static void checkForm(
      final ContainerType<?> type, final Object body, final long slot, final ForkName fork) {
    if (body == null || body.getClass() != type.recordClass()) {
      throw new IllegalArgumentException(
          "block at slot "
              + Long.toUnsignedString(slot)
              + " is "
              + fork.jsonName()
              + " but its body is a "
              + (body == null ? "null" : body.getClass().getSimpleName()));
    }
  }

  /** RANDAO reveal: DOMAIN_RANDAO at the epoch, over the epoch as uint64. */
  public Bytes randaoReveal(final long epoch) {
    return Signing.computeSigningRoot(Ssz.UINT64, epoch, schedule.domain(DOMAIN_RANDAO, epoch));
  }

  /** Attestation aggregator selection proof: DOMAIN_SELECTION_PROOF, over the slot as uint64. */
  public Bytes selectionProof(final long slot) {
    return Signing.computeSigningRoot(
        Ssz.UINT64, slot, schedule.domain(DOMAIN_SELECTION_PROOF, schedule.epochOfSlot(slot)));
  }

  /**
   * AggregateAndProof: DOMAIN_AGGREGATE_AND_PROOF at the aggregate's slot, over the phase0 or
   * Electra form as the fork at that slot requires.
   */
  public Bytes aggregateAndProof(final AggregateAndProof aggregateAndProof) {
    final long epoch = schedule.epochOfSlot(aggregateAndProof.aggregate().data().slot());
    return Signing.computeSigningRoot(
        schedule.schemasAt(epoch).aggregateAndProof(),
        aggregateAndProof,
        schedule.domain(DOMAIN_AGGREGATE_AND_PROOF, epoch));
  }

  /** SyncCommitteeMessage: DOMAIN_SYNC_COMMITTEE at the slot, over the beacon block root. */
  public Bytes syncCommitteeMessage(final long slot, final Bytes beaconBlockRoot) {
    return Signing.computeSigningRoot(
        Ssz.BYTES32,
        beaconBlockRoot,
        schedule.domain(DOMAIN_SYNC_COMMITTEE, schedule.epochOfSlot(slot)));
  }

  /** Sync aggregator selection proof: DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF. */
  public Bytes syncSelectionProof(final SyncAggregatorSelectionData data) {
    return Signing.computeSigningRoot(
        schemas.syncAggregatorSelectionData,
        data,
        schedule.domain(DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF, schedule.epochOfSlot(data.slot())));
  }

  /** ContributionAndProof: DOMAIN_CONTRIBUTION_AND_PROOF at the contribution's slot. */
  public Bytes contributionAndProof(final ContributionAndProof contributionAndProof) {
    final long slot = contributionAndProof.contribution().slot();
    return Signing.computeSigningRoot(
        schemas.contributionAndProof,
        contributionAndProof,
        schedule.domain(DOMAIN_CONTRIBUTION_AND_PROOF, schedule.epochOfSlot(slot)));
  }

  /**
   * VoluntaryExit: DOMAIN_VOLUNTARY_EXIT. When the fork at {@code currentEpoch} is Deneb or later
   * the domain uses CAPELLA_FORK_VERSION (EIP-7044); before, the fork version at the exit's epoch.
   */
  public Bytes voluntaryExit(final VoluntaryExit exit, final long currentEpoch) {
    final Bytes version =
        schedule.forkAt(currentEpoch).isAtLeast(ForkName.DENEB)
            ? schedule.versionOf(ForkName.CAPELLA)
            : schedule.forkVersionAt(exit.epoch());
    return Signing.computeSigningRoot(
        schemas.voluntaryExit,
        exit,
        Signing.computeDomain(DOMAIN_VOLUNTARY_EXIT, version, schedule.genesisValidatorsRoot()));
  }

  /**
   * Builder validator registration: DOMAIN_APPLICATION_BUILDER with GENESIS_FORK_VERSION and a zero
   * genesis_validators_root.
   */
  public Bytes validatorRegistration(final ValidatorRegistrationV1 registration) {
    return Signing.computeSigningRoot(
        schemas.validatorRegistrationV1,
        registration,
        Signing.computeDomain(
            DOMAIN_APPLICATION_BUILDER, schedule.genesisForkVersion(), Signing.ZERO_ROOT));
  }

  /**
   * BLSToExecutionChange (Capella on): DOMAIN_BLS_TO_EXECUTION_CHANGE with GENESIS_FORK_VERSION and
   * the chain's genesis_validators_root, whatever the current fork.
   */
  public Bytes blsToExecutionChange(final BlsToExecutionChange change) {
    return Signing.computeSigningRoot(
        schemas.blsToExecutionChange,
        change,
        Signing.computeDomain(
            Domains.DOMAIN_BLS_TO_EXECUTION_CHANGE,
            schedule.genesisForkVersion(),
            schedule.genesisValidatorsRoot()));
  }

  /** Deposit: DOMAIN_DEPOSIT with GENESIS_FORK_VERSION and a zero genesis_validators_root. */
  public Bytes deposit(final DepositMessage message) {
    return depositSigningRoot(message, schedule.genesisForkVersion());
  }

  /** The deposit signing root of any chain, given its GENESIS_FORK_VERSION. */
  public static Bytes depositSigningRoot(
      final DepositMessage message, final Bytes genesisForkVersion) {
    return Signing.computeSigningRoot(
        Schemas.MAINNET.depositMessage,
        message,
        Signing.computeDomain(DOMAIN_DEPOSIT, genesisForkVersion, Signing.ZERO_ROOT));
  }
}
