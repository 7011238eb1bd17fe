package io.dvc.node.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.HashedMessage;
import io.dvc.bls.threshold.CombineAndVerify;
import io.dvc.common.time.SlotClock;
import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueValidator;
import io.dvc.consensus.qbft.Decision;
import io.dvc.node.beaconapi.AttesterDuty;
import io.dvc.node.beaconapi.BeaconNodeClient;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.parsig.PartialSignature;
import io.dvc.node.parsig.PartialSignatureCodec;
import io.dvc.node.parsig.PartialSignatureSet;
import io.dvc.node.parsig.PartialSignatureStore;
import io.dvc.node.parsig.ReadyToCombine;
import io.dvc.slashing.AttestationDecision;
import io.dvc.slashing.AttestationSigningRequest;
import io.dvc.slashing.Pubkey;
import io.dvc.slashing.Root;
import io.dvc.slashing.SigningDecision;
import io.dvc.spec.ForkName;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Phase0Attestation;
import io.dvc.spec.types.SingleAttestation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attestation duty of the whole cluster, slot by slot: fetch the data, agree on it with one
 * QBFT instance per slot, record it in slashing protection, sign with the shares, exchange partial
 * signatures, combine and batch-verify, submit. Every method runs on the node's single workflow
 * thread (the {@code loop} executor); beacon answers hop back onto it.
 */
public final class AttestationWorkflow {
  /** The logger of the workflows of the start-up rehearsal (WARN by default). */
  static final Logger REHEARSAL_LOG =
      LoggerFactory.getLogger(AttestationWorkflow.class.getName() + ".rehearsal");

  /** Starts the slot's consensus instance with this node's value. */
  @FunctionalInterface
  public interface ConsensusStarter {
    void start(InstanceId instance, long startMillis, Value value);
  }

  /** Sends this node's signed partial-signature message to every peer. */
  @FunctionalInterface
  public interface PartialSignatureBroadcaster {
    void broadcast(byte[] signedMessage);
  }

  private final Logger log;
  private final ClusterRuntime cluster;
  private final Map<Long, ValidatorShare> sharesByIndex;
  private final BeaconNodeClient beacon;
  private final ForkSchedule schedule;
  private final SigningRoots signingRoots;
  private final SlotClock clock;
  private final AttesterDutyScheduler scheduler;
  private final AttestationSafety safety;
  private final AttestationValues values;
  private final ConsensusStarter consensus;
  private final PartialSignatureBroadcaster broadcaster;
  private final DutyTracker tracker;
  private final NodeMetrics metrics;
  private final Executor loop;
  private final PartialSignatureCodec codec;
  private final PartialSignatureStore store;
  private final Map<Long, SlotDuties> slots = new HashMap<>();
  private final Map<Long, List<SignedAttestation>> combinedBeforeDecision = new HashMap<>();

  public AttestationWorkflow(
      final ClusterRuntime cluster,
      final Map<Long, ValidatorShare> sharesByIndex,
      final BeaconNodeClient beacon,
      final ForkSchedule schedule,
      final SlotClock clock,
      final AttesterDutyScheduler scheduler,
      final AttestationSafety safety,
      final ConsensusStarter consensus,
      final PartialSignatureBroadcaster broadcaster,
      final DutyTracker tracker,
      final NodeMetrics metrics,
      final Executor loop,
      final Logger log) {
    this.log = log;
    this.cluster = cluster;
    this.sharesByIndex = Map.copyOf(sharesByIndex);
    this.beacon = beacon;
    this.schedule = schedule;
    this.signingRoots = new SigningRoots(schedule);
    this.clock = clock;
    this.scheduler = scheduler;
    this.safety = safety;
    this.values = new AttestationValues(schedule.schemas());
    this.consensus = consensus;
    this.broadcaster = broadcaster;
    this.tracker = tracker;
    this.metrics = metrics;
    this.loop = loop;
    this.codec = new PartialSignatureCodec(Math.max(16, sharesByIndex.size()));
    this.store = new PartialSignatureStore(cluster.threshold());
  }

  public PartialSignatureCodec codec() {
    return codec;
  }

  /** The attestation duty of a slot starts (at one third of the slot). */
  public void onSlot(final long slot) {
    final List<AttesterDuty> duties =
        scheduler.dutiesAt(slot).stream()
            .filter(duty -> sharesByIndex.containsKey(duty.validatorIndex()))
            .toList();
    pruneBefore(slot - 2);
    if (duties.isEmpty() || slots.containsKey(slot)) {
      return;
    }
    // The nominal duty start (one third into the slot) anchors the round timers of every operator
    // alike, whatever local delays came before.
    final long dutyStart = clock.slotStartMillis(slot) + clock.millisPerSlot() / 3;
    final SlotDuties slotDuties = new SlotDuties(slot, dutyStart, duties);
    slots.put(slot, slotDuties);
    final long deadline = clock.slotStartMillis(slot + 2);
    for (final Duty duty : slotDuties.duties()) {
      tracker.started(duty, dutyStart, deadline);
      tracker.waitingFor(duty, FailureReason.BEACON_FETCH_ERROR, "no attestation data yet");
    }
    final long committeeIndex = isElectra(slot) ? 0 : duties.get(0).committeeIndex();
    beacon
        .attestationData(slot, committeeIndex)
        .whenCompleteAsync(
            (json, error) -> {
              if (error != null) {
                failAll(slotDuties, FailureReason.BEACON_FETCH_ERROR, rootMessage(error));
              } else {
                onOwnView(slotDuties, json);
              }
            },
            loop);
  }

  private void onOwnView(
      final SlotDuties slotDuties, final com.fasterxml.jackson.databind.JsonNode json) {
    final AttestationData data;
    try {
      data = schedule.schemas().attestationData.fromJson(json);
    } catch (final RuntimeException e) {
      failAll(slotDuties, FailureReason.BEACON_FETCH_ERROR, "malformed attestation data: " + e);
      return;
    }
    if (data.slot() != slotDuties.slot) {
      failAll(
          slotDuties,
          FailureReason.BEACON_FETCH_ERROR,
          "beacon node answered attestation data of slot " + data.slot());
      return;
    }
    slotDuties.ownView = Optional.of(data);
    slotDuties.mark("data", now());
    for (final Duty duty : slotDuties.duties()) {
      tracker.waitingFor(duty, FailureReason.NO_CONSENSUS, "consensus did not decide in time");
    }
    consensus.start(
        new InstanceId(slotDuties.slot, DutyType.ATTESTER.code()),
        slotDuties.startMillis,
        values.encode(data));
  }

  /** The value check of the slot's consensus: own beacon view and slashing protection agree. */
  public ValueValidator valueValidator() {
    return (instance, value) -> {
      if (instance.dutyKind() != DutyType.ATTESTER.code()) {
        return Optional.of("unknown duty kind " + instance.dutyKind());
      }
      final SlotDuties slotDuties = slots.get(instance.height());
      if (slotDuties == null || slotDuties.ownView.isEmpty()) {
        return Optional.of("no own attestation data for slot " + instance.height());
      }
      final AttestationData proposed;
      try {
        proposed = values.decode(value);
      } catch (final RuntimeException e) {
        return Optional.of("malformed attestation value: " + e.getMessage());
      }
      final AttestationData own = slotDuties.ownView.get();
      if (proposed.slot() != own.slot()
          || proposed.index() != 0
          || !proposed.source().equals(own.source())
          || !proposed.target().equals(own.target())) {
        return Optional.of("source/target differ from this node's beacon view");
      }
      // Refuse only a value that no validator of the slot may sign: one refused validator must not
      // stop the others. Each validator is checked again, and recorded, before it is signed.
      String refusal = "";
      final Map<AttestationData, Root> rootsByData = new HashMap<>();
      for (final Map.Entry<Long, AttesterDuty> entry : slotDuties.byValidator.entrySet()) {
        final SigningDecision decision =
            safety.wouldDecide(
                signingRequest(entry.getKey(), dataFor(proposed, entry.getValue()), rootsByData));
        if (decision.isAllowed()) {
          return Optional.empty();
        }
        refusal = "validator " + entry.getKey() + ": " + decision.detail();
      }
      return Optional.of(
          "slashing protection refuses every validator of the slot (" + refusal + ")");
    };
  }

  /** The slot's consensus decided: record, sign with the shares, send the partials. */
  public void onDecided(final Decision decision) {
    final SlotDuties slotDuties = slots.get(decision.instance().height());
    if (slotDuties == null || slotDuties.decided.isPresent()) {
      return;
    }
    final AttestationData decided = values.decode(decision.value());
    slotDuties.decided = Optional.of(decided);
    metrics.consensusDecided(
        "attester",
        (clock.time().currentTimeMillis() - slotDuties.startMillis) * 1_000_000L,
        decision.round());
    final List<Long> validators = new ArrayList<>(new TreeSet<>(slotDuties.byValidator.keySet()));
    final List<AttestationSigningRequest> requests = new ArrayList<>();
    final List<Bytes> roots = new ArrayList<>();
    final Map<AttestationData, Root> rootsByData = new HashMap<>();
    for (final long index : validators) {
      final AttestationData data = dataFor(decided, slotDuties.byValidator.get(index));
      final AttestationSigningRequest request = signingRequest(index, data, rootsByData);
      requests.add(request);
      roots.add(Bytes.of(request.signingRoot().toBytes()));
    }
    slotDuties.mark("decided", now());
    final List<AttestationDecision> decisions = safety.checkAndRecord(requests);
    slotDuties.mark("recorded", now());
    final List<PartialSignature> partials = new ArrayList<>();
    // After electra every attester of the slot signs the same root: hash it to G2 once.
    final Map<Bytes, HashedMessage> hashed = new HashMap<>();
    for (int i = 0; i < validators.size(); i++) {
      final long index = validators.get(i);
      final SigningDecision outcome = decisions.get(i).decision();
      final Duty duty = SlotDuties.duty(slotDuties.slot, index);
      if (!outcome.isAllowed()) {
        tracker.failed(duty, FailureReason.SLASHING_REFUSED, outcome.detail());
        continue;
      }
      final byte[] root = roots.get(i).toArray();
      final HashedMessage message =
          hashed.computeIfAbsent(roots.get(i), r -> HashedMessage.of(root));
      final BlsSignature partial = sharesByIndex.get(index).secretShare().sign(message);
      partials.add(new PartialSignature(index, root, partial));
    }
    submitCombinedBeforeDecision(slotDuties, validators, roots);
    if (partials.isEmpty()) {
      return;
    }
    final PartialSignatureSet set =
        new PartialSignatureSet(
            slotDuties.slot, DutyType.ATTESTER.code(), cluster.selfIndex(), partials);
    final byte[] payload = codec.encodePayload(set);
    final byte[] signature = cluster.nodeKey().sign(PartialSignatureCodec.sha256(payload));
    broadcaster.broadcast(codec.encodeSigned(payload, signature));
    slotDuties.mark("signed", now());
    acceptPartials(set);
  }

  /** A peer's signed partial-signature message (already authenticated as that peer). */
  public void onPartialMessage(final int fromOperator, final byte[] wire) {
    final PartialSignatureCodec.Signed signed;
    try {
      signed = codec.decodeSigned(wire);
    } catch (final IllegalArgumentException e) {
      log.warn(
          "operator {} sent a malformed partial-signature message: {}",
          fromOperator,
          e.getMessage());
      return;
    }
    final PartialSignatureSet set = signed.set();
    if (set.operatorIndex() != fromOperator
        || !cluster
            .operatorsByIndex()
            .get(fromOperator)
            .publicKey()
            .verify(signed.digest(), signed.operatorSignature())) {
      log.warn("operator {} sent partial signatures with a bad operator signature", fromOperator);
      return;
    }
    final SlotDuties slotDuties = slots.get(set.slot());
    if (slotDuties != null) {
      metrics.partialSignatureArrived(
          Integer.toString(fromOperator),
          clock.time().currentTimeMillis() - slotDuties.startMillis);
    }
    acceptPartials(set);
  }

  private void acceptPartials(final PartialSignatureSet set) {
    final long current = clock.currentSlot();
    if (set.slot() + 2 < current || set.slot() > current + 1) {
      log.debug(
          "ignored partial signatures of operator {} for slot {} (current slot {})",
          set.operatorIndex(),
          set.slot(),
          current);
      return;
    }
    final List<ReadyToCombine> ready =
        store.add(set.slot(), set.dutyType(), set.operatorIndex(), set.partials());
    final SlotDuties slotDuties = slots.get(set.slot());
    if (slotDuties != null) {
      noteMissingOperators(slotDuties);
    }
    if (!ready.isEmpty()) {
      combineAndSubmit(ready);
    }
  }

  private void noteMissingOperators(final SlotDuties slotDuties) {
    final Set<Integer> missing = new TreeSet<>(cluster.operatorIndices());
    missing.removeAll(store.operatorsSeen(slotDuties.slot, DutyType.ATTESTER.code()));
    final String detail = "missing partial signatures from operators " + missing;
    for (final Duty duty : slotDuties.duties()) {
      tracker.waitingFor(duty, FailureReason.INSUFFICIENT_PARTIAL_SIGNATURES, detail);
    }
  }

  private void combineAndSubmit(final List<ReadyToCombine> ready) {
    final List<CombineAndVerify.Request> requests = new ArrayList<>(ready.size());
    for (final ReadyToCombine r : ready) {
      final ValidatorShare share = sharesByIndex.get(r.validatorIndex());
      final Map<Integer, BlsSignature> partials = new TreeMap<>();
      partials.putAll(r.partials());
      requests.add(
          new CombineAndVerify.Request(
              share.groupPublicKey(),
              cluster.threshold(),
              share.publicShares(),
              r.signingRoot(),
              partials));
    }
    final List<CombineAndVerify.Result> results = CombineAndVerify.combineAndVerify(requests);
    ready.stream()
        .map(ReadyToCombine::slot)
        .distinct()
        .map(slots::get)
        .filter(java.util.Objects::nonNull)
        .forEach(s -> s.mark("combined", now()));
    final Map<Long, List<SignedAttestation>> bySlot = new TreeMap<>();
    final List<ReadyToCombine> retry = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      final ReadyToCombine r = ready.get(i);
      final CombineAndVerify.Result result = results.get(i);
      if (result.isVerified()) {
        bySlot
            .computeIfAbsent(r.slot(), s -> new ArrayList<>())
            .add(
                new SignedAttestation(
                    r.validatorIndex(), r.signingRoot(), result.signature().get()));
      } else {
        final Duty duty = SlotDuties.duty(r.slot(), r.validatorIndex());
        log.warn(
            "validator {} slot {}: bad partial signatures from operators {}",
            r.validatorIndex(),
            r.slot(),
            result.badShareIndices());
        tracker.waitingFor(
            duty,
            FailureReason.INVALID_SIGNATURE,
            "bad partial signatures from operators " + result.badShareIndices());
        store
            .rejectOperators(r.slot(), r.dutyType(), r.validatorIndex(), result.badShareIndices())
            .ifPresent(retry::add);
      }
    }
    bySlot.forEach(this::submit);
    if (!retry.isEmpty()) {
      combineAndSubmit(retry);
    }
  }

  private record SignedAttestation(
      long validatorIndex, byte[] signingRoot, BlsSignature signature) {}

  private void submit(final long slot, final List<SignedAttestation> signed) {
    final SlotDuties slotDuties = slots.get(slot);
    if (slotDuties == null || slotDuties.decided.isEmpty()) {
      // Peers' partials combined before this node decided: keep them until it knows the data.
      combinedBeforeDecision.computeIfAbsent(slot, s -> new ArrayList<>()).addAll(signed);
      return;
    }
    final AttestationData decided = slotDuties.decided.get();
    final ForkName fork = schedule.forkAtSlot(slot);
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    final List<Duty> duties = new ArrayList<>();
    for (final SignedAttestation attestation : signed) {
      final AttesterDuty duty = slotDuties.byValidator.get(attestation.validatorIndex());
      if (duty == null) {
        continue;
      }
      duties.add(SlotDuties.duty(slot, attestation.validatorIndex()));
      final AttestationData data = dataFor(decided, duty);
      final Bytes signature = Bytes.of(attestation.signature().toBytes());
      if (fork.isAtLeast(ForkName.ELECTRA)) {
        body.add(
            schedule
                .schemas()
                .singleAttestation
                .toJson(
                    new SingleAttestation(
                        duty.committeeIndex(), duty.validatorIndex(), data, signature)));
      } else {
        body.add(
            schedule
                .schemas()
                .phase0Attestation
                .toJson(
                    new Phase0Attestation(
                        Bits.of((int) duty.committeeLength(), (int) duty.validatorCommitteeIndex()),
                        data,
                        signature)));
      }
    }
    beacon
        .submitAttestations(fork.jsonName(), body)
        .whenCompleteAsync(
            (result, error) -> {
              final int rejected = error == null ? result.rejected().size() : duties.size();
              if (!slotDuties.marked("submitted")) {
                slotDuties.mark("submitted", now());
                log.info(
                    "slot {}: {} attestations submitted, {} rejected; {}",
                    slot,
                    duties.size(),
                    rejected,
                    slotDuties.timeline());
              }
              for (int i = 0; i < duties.size(); i++) {
                final Duty duty = duties.get(i);
                if (error != null) {
                  tracker.failed(duty, FailureReason.SUBMIT_ERROR, rootMessage(error));
                } else if (result.isRejected(i)) {
                  tracker.failed(
                      duty,
                      FailureReason.SUBMIT_ERROR,
                      "beacon node rejected the attestation: " + result.rejected().get(i));
                } else {
                  tracker.succeeded(duty);
                }
              }
            },
            loop);
  }

  private long now() {
    return clock.time().currentTimeMillis();
  }

  private AttestationData dataFor(final AttestationData decided, final AttesterDuty duty) {
    return AttestationValues.withIndex(
        decided, isElectra(decided.slot()) ? 0 : duty.committeeIndex());
  }

  /** The signing request of one validator; {@code rootsByData} memoizes the signing roots. */
  private AttestationSigningRequest signingRequest(
      final long validatorIndex,
      final AttestationData data,
      final Map<AttestationData, Root> rootsByData) {
    final BlsPublicKey pubkey = sharesByIndex.get(validatorIndex).groupPublicKey();
    return new AttestationSigningRequest(
        Pubkey.of(pubkey.toBytes()),
        data.source().epoch(),
        data.target().epoch(),
        rootsByData.computeIfAbsent(data, d -> Root.of(signingRoots.attestation(d).toArray())));
  }

  private boolean isElectra(final long slot) {
    return schedule.forkAtSlot(slot).isAtLeast(ForkName.ELECTRA);
  }

  private void failAll(final SlotDuties slotDuties, final FailureReason reason, final String why) {
    log.warn("slot {}: {} ({})", slotDuties.slot, reason.label(), why);
    slotDuties.duties().forEach(duty -> tracker.failed(duty, reason, why));
  }

  /** Submits what peers' partials combined to before the decision, if it matches the decision. */
  private void submitCombinedBeforeDecision(
      final SlotDuties slotDuties, final List<Long> validators, final List<Bytes> roots) {
    final List<SignedAttestation> early = combinedBeforeDecision.remove(slotDuties.slot);
    if (early == null) {
      return;
    }
    final Map<Long, Bytes> rootByValidator = new HashMap<>();
    for (int i = 0; i < validators.size(); i++) {
      rootByValidator.put(validators.get(i), roots.get(i));
    }
    final List<SignedAttestation> matching =
        early.stream()
            .filter(e -> Bytes.of(e.signingRoot()).equals(rootByValidator.get(e.validatorIndex())))
            .toList();
    if (!matching.isEmpty()) {
      submit(slotDuties.slot, matching);
    }
  }

  private void pruneBefore(final long slot) {
    if (slot <= 0) {
      return;
    }
    combinedBeforeDecision.keySet().removeIf(s -> s < slot);
    slots.keySet().removeIf(s -> s < slot);
    store.pruneBefore(slot);
  }

  /** Slots with live duty state (for status and tests). */
  public Set<Long> liveSlots() {
    return slots.keySet().stream().collect(Collectors.toUnmodifiableSet());
  }

  private static String rootMessage(final Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }
}
