package io.dvc.beaconsim;

import io.dvc.bls.BlsPublicKey;
import io.dvc.common.time.SlotClock;
import io.dvc.spec.ForkName;
import io.dvc.spec.signing.Domains;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Sha256;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.BeaconBlockHeader;
import io.dvc.spec.types.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated chain, with no I/O: a registry of validators active from genesis, the canonical
 * blocks up to the clock's current slot ({@link CanonicalBlocks}), committees, proposers and sync
 * committees from a deterministic shuffle, and a simple finality rule.
 *
 * <p><b>Blocks.</b> A slot whose proposer is not a cluster validator gets the simulator's own block
 * {@code (s, proposer(s), parent, sha256("state"|gvr|s), sha256("body"|gvr|s))} whose root is the
 * header's hash_tree_root, so roots chain like real ones and are the same on every run of the same
 * config. A cluster validator's slot stays empty until its published block is imported. Block roots
 * per slot follow get_block_root_at_slot (an empty slot repeats the root before it).
 *
 * <p><b>Finality.</b> As with full participation: in epoch {@code e >= 2} the justified checkpoint
 * is the boundary of {@code e-1} and the finalized one the boundary of {@code e-2}; before, both
 * are the genesis checkpoint {@code (0, 0x00..)}. The source therefore only moves forward and
 * attesting the node's own data never makes a surround vote.
 *
 * <p><b>Seeds.</b> get_seed is replaced by {@code sha256(domain_type | uint64(epoch) | gvr)}
 * (DOMAIN_BEACON_ATTESTER for committees, DOMAIN_BEACON_PROPOSER for proposers, which then follow
 * get_beacon_proposer_index per slot ({@link ProposerSelection}); DOMAIN_SYNC_COMMITTEE with the
 * seed epoch for sync committees, which follow get_next_sync_committee_indices). Committees use
 * compute_shuffled_index and compute_committee of the spec with get_committee_count_per_slot.
 */
public final class SimChain {
  private static final int COMMITTEE_CACHE = 8;

  private final ForkSchedule schedule;
  private final SlotClock clock;
  private final ChainParameters parameters;
  private final List<SimValidator> validators;
  private final Map<BlsPublicKey, SimValidator> byPublicKey;
  private final CanonicalBlocks blocks;
  private volatile SimControls controls = new SimControls();
  private final Map<Long, int[]> proposerCache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, int[]> eldest) {
          return size() > COMMITTEE_CACHE;
        }
      };
  private final Map<Long, int[]> syncCommitteeCache =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, int[]> eldest) {
          return size() > 4;
        }
      };
  private final Map<Long, EpochCommittees> committeeCache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, EpochCommittees> eldest) {
          return size() > COMMITTEE_CACHE;
        }
      };

  public SimChain(
      final ForkSchedule schedule,
      final SlotClock clock,
      final ChainParameters parameters,
      final List<SimValidator> validators) {
    this.schedule = schedule;
    this.clock = clock;
    this.parameters = parameters;
    this.validators = List.copyOf(validators);
    final Map<BlsPublicKey, SimValidator> keys = new HashMap<>();
    for (final SimValidator validator : validators) {
      keys.putIfAbsent(validator.publicKey(), validator);
    }
    this.byPublicKey = Map.copyOf(keys);
    this.blocks =
        new CanonicalBlocks(
            slot -> this.validators.get(proposerIndex(slot)).cluster(),
            this::ownHeader,
            header -> schedule.schemas().beaconBlockHeader.hashTreeRoot(header),
            slot -> tagged("execution_block", slot));
  }

  /** A stand-in for hash_tree_root(state.validators): sha256 over the ordered public keys. */
  public static Bytes genesisValidatorsRoot(final List<BlsPublicKey> keys) {
    final ByteBuffer buffer = ByteBuffer.allocate(keys.size() * BlsPublicKey.SIZE);
    keys.forEach(key -> buffer.put(key.toBytes()));
    return Bytes.of(Sha256.hash(buffer.array()));
  }

  public ForkSchedule schedule() {
    return schedule;
  }

  public SlotClock clock() {
    return clock;
  }

  public ChainParameters parameters() {
    return parameters;
  }

  public List<SimValidator> validators() {
    return validators;
  }

  public Optional<SimValidator> validator(final long index) {
    return index >= 0 && index < validators.size()
        ? Optional.of(validators.get((int) index))
        : Optional.empty();
  }

  public Optional<SimValidator> validator(final BlsPublicKey publicKey) {
    return Optional.ofNullable(byPublicKey.get(publicKey));
  }

  public long slotsPerEpoch() {
    return schedule.slotsPerEpoch();
  }

  public long headSlot() {
    return clock.currentSlot();
  }

  public long currentEpoch() {
    return schedule.epochOfSlot(headSlot());
  }

  public long epochOf(final long slot) {
    return schedule.epochOfSlot(slot);
  }

  public long startSlot(final long epoch) {
    return epoch * slotsPerEpoch();
  }

  public ForkName forkAtSlot(final long slot) {
    return schedule.forkAtSlot(slot);
  }

  // ---- blocks ----

  /**
   * get_block_root_at_slot: the root of the latest block at or before a slot (a slot in the future
   * answers for the clock's slot).
   */
  public synchronized Bytes blockRoot(final long slot) {
    final long at = Math.min(slot, headSlot());
    blocks.extendTo(at, this::proposerIndex);
    return blocks.latestRoot(at);
  }

  /** The block at a slot up to the clock's, if the slot has one (empty: a missed proposal). */
  public synchronized Optional<BeaconBlockHeader> blockAt(final long slot) {
    if (slot < 0 || slot > headSlot()) {
      return Optional.empty();
    }
    blocks.extendTo(slot, this::proposerIndex);
    return blocks.blockAt(slot);
  }

  /** The header of the latest block at or before a slot. */
  public synchronized BeaconBlockHeader header(final long slot) {
    final Bytes root = blockRoot(slot);
    return blocks.blockAt(blocks.slotOf(root).orElseThrow()).orElseThrow();
  }

  /** The slot of the head block (the latest block at or before the clock's slot). */
  public synchronized long headBlockSlot() {
    return blocks.slotOf(blockRoot(headSlot())).orElseThrow();
  }

  /** The mock execution block hash of the latest block at or before a slot. */
  public synchronized Bytes executionBlockHash(final long slot) {
    final long at = Math.min(slot, headSlot());
    blocks.extendTo(at, this::proposerIndex);
    return blocks.latestExecutionHash(at);
  }

  /** Whether a slot's proposer is a cluster validator (its block comes from the cluster). */
  public boolean isClusterSlot(final long slot) {
    return slot > 0 && validators.get(proposerIndex(slot)).cluster();
  }

  /** The cluster's proposer duties of the slots the clock has reached: slot → validator index. */
  public synchronized Map<Long, Integer> clusterProposerDuties() {
    blocks.extendTo(headSlot(), this::proposerIndex);
    return blocks.clusterDuties();
  }

  /** Imports a checked, published block (see {@link CanonicalBlocks#importBlock}). */
  synchronized CanonicalBlocks.ImportResult importBlock(
      final BeaconBlockHeader header, final Bytes root, final Bytes executionBlockHash) {
    blocks.extendTo(headSlot(), this::proposerIndex);
    return blocks.importBlock(header, root, executionBlockHash);
  }

  public Bytes genesisBlockRoot() {
    return blockRoot(0);
  }

  /** The slot of a block produced so far (at or before the head), by its root. */
  public synchronized Optional<Long> slotOfBlock(final Bytes root) {
    blocks.extendTo(headSlot(), this::proposerIndex);
    return blocks.slotOf(root);
  }

  /** A state root stand-in for the state at a slot. */
  public Bytes stateRoot(final long slot) {
    return tagged("state", slot);
  }

  /** The simulator's own block at a slot, on the latest block before it. */
  private BeaconBlockHeader ownHeader(final long slot) {
    final Bytes parent = slot == 0 ? Bytes.zero(32) : blocks.latestRoot(slot - 1);
    return new BeaconBlockHeader(
        slot, slot == 0 ? 0 : proposerIndex(slot), parent, stateRoot(slot), tagged("body", slot));
  }

  Bytes tagged(final String tag, final long value) {
    final byte[] label = tag.getBytes(StandardCharsets.US_ASCII);
    final ByteBuffer buffer = ByteBuffer.allocate(label.length + 40).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(label);
    buffer.put(schedule.genesisValidatorsRoot().toArray());
    buffer.putLong(value);
    return Bytes.of(Sha256.hash(buffer.array()));
  }

  // ---- checkpoints ----

  /** The checkpoint of an epoch's boundary block (its first slot). */
  public Checkpoint boundary(final long epoch) {
    return new Checkpoint(epoch, blockRoot(startSlot(epoch)));
  }

  /** current_justified_checkpoint of the states in an epoch. */
  public Checkpoint justified(final long epoch) {
    return epoch < 2 ? new Checkpoint(0, Bytes.zero(32)) : boundary(epoch - 1);
  }

  /**
   * finalized_checkpoint of the states in an epoch; while finality is stalled ({@link
   * SimControls#stallFinalityFrom}) the one of the epoch it stalled in.
   */
  public Checkpoint finalized(final long epoch) {
    final long e = Math.min(epoch, controls.finalityStalledFrom().orElse(Long.MAX_VALUE));
    return e < 3 ? new Checkpoint(0, Bytes.zero(32)) : boundary(e - 2);
  }

  /** The switches that make the chain misbehave (finality stall). */
  void useControls(final SimControls value) {
    controls = value;
  }

  /** Whether a validator's submissions are dropped ({@link SimControls#dropSubmissionsOf}). */
  boolean isDropped(final long validatorIndex) {
    return validatorIndex >= 0
        && validatorIndex <= Integer.MAX_VALUE
        && controls.isDropped((int) validatorIndex);
  }

  /** The previous_justified_checkpoint of the states in an epoch. */
  public Checkpoint previousJustified(final long epoch) {
    return epoch < 3 ? new Checkpoint(0, Bytes.zero(32)) : boundary(epoch - 2);
  }

  /** What an honest attester of a slot votes for (index = committee index, 0 from Electra on). */
  public AttestationData attestationData(final long slot, final long committeeIndex) {
    final long epoch = epochOf(slot);
    final long index = forkAtSlot(slot).isAtLeast(ForkName.ELECTRA) ? 0 : committeeIndex;
    return new AttestationData(slot, index, blockRoot(slot), justified(epoch), boundary(epoch));
  }

  /** Attester duties' dependent root: the block root at start_slot(epoch - 1) - 1, or genesis. */
  public Bytes attesterDependentRoot(final long epoch) {
    return epoch <= 1 ? genesisBlockRoot() : blockRoot(startSlot(epoch - 1) - 1);
  }

  /** Proposer duties' dependent root: the block root at start_slot(epoch) - 1, or genesis. */
  public Bytes proposerDependentRoot(final long epoch) {
    return epoch == 0 ? genesisBlockRoot() : blockRoot(startSlot(epoch) - 1);
  }

  // ---- committees ----

  /** get_committee_count_per_slot. */
  public int committeesPerSlot() {
    final long perSlot = validators.size() / slotsPerEpoch() / parameters.targetCommitteeSize();
    return (int) Math.max(1, Math.min(schedule.preset().maxCommitteesPerSlot(), perSlot));
  }

  synchronized EpochCommittees committees(final long epoch) {
    return committeeCache.computeIfAbsent(
        epoch,
        e -> {
          final int[] shuffled =
              Shuffling.shuffledIndices(
                  validators.size(),
                  seed(Domains.DOMAIN_BEACON_ATTESTER, e),
                  parameters.shuffleRoundCount());
          return new EpochCommittees(e, slotsPerEpoch(), committeesPerSlot(), shuffled);
        });
  }

  public CommitteeAssignment assignment(final long epoch, final int validatorIndex) {
    return committees(epoch).assignment(validatorIndex);
  }

  /** get_beacon_committee(slot, index); empty when the index is out of range. */
  public Optional<int[]> committee(final long slot, final long committeeIndex) {
    final EpochCommittees epochCommittees = committees(epochOf(slot));
    if (committeeIndex < 0 || committeeIndex >= epochCommittees.committeesPerSlot()) {
      return Optional.empty();
    }
    return Optional.of(epochCommittees.committee(slot, (int) committeeIndex));
  }

  /** get_beacon_proposer_index at a slot (see {@link ProposerSelection}); cached per epoch. */
  public int proposerIndex(final long slot) {
    final long epoch = epochOf(slot);
    final int[] proposers;
    synchronized (proposerCache) {
      proposers = proposerCache.computeIfAbsent(epoch, this::epochProposers);
    }
    return proposers[(int) (slot - startSlot(epoch))];
  }

  private int[] epochProposers(final long epoch) {
    final Bytes epochSeed = seed(Domains.DOMAIN_BEACON_PROPOSER, epoch);
    final boolean electra = schedule.forkAt(epoch).isAtLeast(ForkName.ELECTRA);
    final int[] proposers = new int[(int) slotsPerEpoch()];
    for (int i = 0; i < proposers.length; i++) {
      proposers[i] =
          ProposerSelection.computeProposerIndex(
              validators.size(),
              ProposerSelection.slotSeed(epochSeed, startSlot(epoch) + i),
              parameters.shuffleRoundCount(),
              electra,
              parameters.maxEffectiveBalance(),
              electra ? parameters.maxEffectiveBalanceElectra() : parameters.maxEffectiveBalance());
    }
    return proposers;
  }

  public long syncCommitteePeriod(final long epoch) {
    return epoch / parameters.epochsPerSyncCommitteePeriod();
  }

  /**
   * The sync committee of a period, as get_next_sync_committee_indices computes it:
   * SYNC_COMMITTEE_SIZE candidates sampled by effective balance from the shuffle of the seed
   * (Electra on: 16-bit random values against MAX_EFFECTIVE_BALANCE_ELECTRA, so about one candidate
   * in 64 is taken at 32 ETH; before: one random byte against MAX_EFFECTIVE_BALANCE, every
   * candidate taken); a validator may hold several positions. The seed is get_seed at {@link
   * #syncCommitteeSeedEpoch(long)}. Cached.
   */
  public int[] syncCommittee(final long period) {
    synchronized (syncCommitteeCache) {
      return syncCommitteeCache.computeIfAbsent(period, this::computeSyncCommittee);
    }
  }

  private int[] computeSyncCommittee(final long period) {
    final long seedEpoch = syncCommitteeSeedEpoch(period);
    final boolean electra = schedule.forkAt(seedEpoch).isAtLeast(ForkName.ELECTRA);
    return ProposerSelection.sampleByBalance(
        validators.size(),
        seed(Domains.DOMAIN_SYNC_COMMITTEE, seedEpoch),
        parameters.shuffleRoundCount(),
        electra,
        parameters.maxEffectiveBalance(),
        electra ? parameters.maxEffectiveBalanceElectra() : parameters.maxEffectiveBalance(),
        (int) schedule.preset().syncCommitteeSize());
  }

  /**
   * The epoch whose seed picks a period's committee: the genesis state fills both its current and
   * next committee with get_next_sync_committee (epoch 0 + 1), so periods 0 and 1 share the seed of
   * epoch 1; the committee of period {@code p >= 2} is computed at the last epoch of period {@code
   * p - 2}, with the seed of the first epoch of period {@code p - 1}.
   */
  public long syncCommitteeSeedEpoch(final long period) {
    return period <= 1 ? 1 : (period - 1) * parameters.epochsPerSyncCommitteePeriod();
  }

  /**
   * The period whose committee signs the messages of a slot: that of the next slot's epoch (the
   * last slot of a period is signed by the next period's committee), as
   * compute_subnets_for_sync_committee and process_sync_aggregate in the block of slot + 1 use it.
   */
  public long syncCommitteePeriodOfSlot(final long slot) {
    return syncCommitteePeriod(epochOf(slot + 1));
  }

  /** The committee that signs the sync messages of a slot (see above). */
  public int[] syncCommitteeAtSlot(final long slot) {
    return syncCommittee(syncCommitteePeriodOfSlot(slot));
  }

  private Bytes seed(final Bytes domainType, final long value) {
    final ByteBuffer buffer = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(domainType.toArray());
    buffer.putLong(value);
    buffer.put(schedule.genesisValidatorsRoot().toArray());
    return Bytes.of(Sha256.hash(buffer.array()));
  }
}
