package io.dvc.node.testing;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.ForkName;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chain behind the fake beacon nodes of a simulated cluster: who attests and proposes when,
 * what attestation data looks like, and a ledger of what was published with every signature checked
 * — so a test can assert that nothing invalid or slashable reached a beacon node.
 */
public final class FakeChain {
  private final ForkSchedule schedule;
  private final SigningRoots roots;
  private final List<BlsPublicKey> validators;
  private final Map<Long, Long> proposers = new ConcurrentHashMap<>();
  private final Map<Long, Bytes> preparedFeeRecipients = new ConcurrentHashMap<>();

  /** Block signing roots published per (slot): more than one distinct root is slashable. */
  private final Map<Long, Set<Bytes>> publishedBlocks = new ConcurrentHashMap<>();

  private final Map<String, Integer> counters = new ConcurrentHashMap<>();
  private final Map<Long, Set<Long>> attested = new ConcurrentHashMap<>();
  private final FakeOperations operations = new FakeOperations(this);
  private final FakeAggregation aggregation;

  public FakeChain(final ForkSchedule schedule, final List<BlsPublicKey> validators) {
    this.schedule = schedule;
    this.roots = new SigningRoots(schedule);
    this.validators = List.copyOf(validators);
    this.aggregation = new FakeAggregation(this);
  }

  /** Committees, the aggregation pool, sync committees and their ledger. */
  public FakeAggregation aggregation() {
    return aggregation;
  }

  public ForkSchedule schedule() {
    return schedule;
  }

  public List<BlsPublicKey> validators() {
    return validators;
  }

  /** Validator v attests once per epoch, at slot {@code v mod SLOTS_PER_EPOCH} of it. */
  public long attestationSlot(final long validator, final long epoch) {
    return epoch * schedule.slotsPerEpoch() + validator % schedule.slotsPerEpoch();
  }

  /** The proposer of a slot: set by the test, else {@code slot mod validators}. */
  public long proposerAt(final long slot) {
    return proposers.getOrDefault(slot, slot % validators.size());
  }

  public void setProposer(final long slot, final long validator) {
    proposers.put(slot, validator);
  }

  public AttestationData attestationData(final long slot) {
    final long epoch = slot / schedule.slotsPerEpoch();
    return new AttestationData(
        slot,
        0,
        root(1_000_000 + slot),
        new Checkpoint(Math.max(0, epoch - 1), root(Math.max(0, epoch - 1))),
        new Checkpoint(epoch, root(epoch)));
  }

  public Bytes parentRoot(final long slot) {
    return root(2_000_000 + slot);
  }

  static Bytes root(final long seed) {
    final byte[] root = new byte[32];
    for (int i = 0; i < 8; i++) {
      root[i] = (byte) (seed >>> (8 * i));
    }
    root[31] = 7;
    return Bytes.of(root);
  }

  void prepared(final long validator, final Bytes feeRecipient) {
    preparedFeeRecipients.put(validator, feeRecipient);
  }

  public Bytes feeRecipientOf(final long validator) {
    return preparedFeeRecipients.getOrDefault(validator, Bytes.of(new byte[20]));
  }

  /** Records a published block after checking its signature; false if invalid. */
  synchronized boolean publishBlock(
      final long slot, final long proposer, final Bytes signingRoot, final Bytes signature) {
    if (proposer != proposerAt(slot) || !valid(proposer, signingRoot, signature)) {
      count("invalid_blocks");
      return false;
    }
    final Set<Bytes> seen =
        publishedBlocks.computeIfAbsent(slot, s -> ConcurrentHashMap.newKeySet());
    seen.add(signingRoot);
    if (seen.size() > 1) {
      count("slashable_blocks");
    }
    count("published_blocks");
    return true;
  }

  /** Records an attestation after checking its signature; false if invalid. */
  synchronized boolean attest(
      final long validator, final AttestationData data, final Bytes signature) {
    final Bytes root = roots.attestation(data);
    if (!valid(validator, root, signature)) {
      count("invalid_attestations");
      return false;
    }
    final Set<Long> slots = attested.computeIfAbsent(validator, v -> ConcurrentHashMap.newKeySet());
    if (!slots.add(data.target().epoch())) {
      count("repeated_attestations");
    }
    count("attestations");
    return true;
  }

  boolean validSignature(final long validator, final Bytes root, final Bytes signature) {
    return validator >= 0 && validator < validators.size() && valid(validator, root, signature);
  }

  private boolean valid(final long validator, final Bytes root, final Bytes signature) {
    try {
      return Bls.verify(
          validators.get((int) validator),
          root.toArray(),
          BlsSignature.fromBytes(signature.toArray()));
    } catch (final RuntimeException e) {
      return false;
    }
  }

  void count(final String what) {
    counters.merge(what, 1, Integer::sum);
  }

  public int count(final String what, final int orElse) {
    return counters.getOrDefault(what, orElse);
  }

  /** Slots with a published block. */
  public List<Long> slotsWithBlocks() {
    return new ArrayList<>(new java.util.TreeSet<>(publishedBlocks.keySet()));
  }

  public Map<String, Integer> counters() {
    return new HashMap<>(counters);
  }

  public SigningRoots signingRoots() {
    return roots;
  }

  public ForkName forkAt(final long slot) {
    return schedule.forkAtSlot(slot);
  }

  /** Registrations, exits and liveness. */
  public FakeOperations operations() {
    return operations;
  }

  /** Whether the validator's attestation for this target epoch was accepted. */
  public boolean attestedIn(final long validator, final long epoch) {
    return attested.getOrDefault(validator, Set.of()).contains(epoch);
  }
}
