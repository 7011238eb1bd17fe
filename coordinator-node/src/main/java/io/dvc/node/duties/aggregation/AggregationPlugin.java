package io.dvc.node.duties.aggregation;

import io.dvc.node.beacon.api.AggregateAttestation;
import io.dvc.node.beacon.api.AttesterDuty;
import io.dvc.node.beacon.api.GetAggregateAttestation;
import io.dvc.node.beacon.api.SubmitAggregateAndProofs;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.duty.IndexedValues;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyFailure;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import io.dvc.node.pipeline.UntilFound;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.types.AggregateAndProof;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.SignedAggregateAndProof;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Attestation aggregation at two thirds of the slot, for the validators whose combined selection
 * proof selected them: one QBFT instance per slot for all the cluster's aggregates. The value is
 * the aggregate of each committee with a selected validator ({@link IndexedValues} by committee
 * index, each the SSZ of the slot fork's Attestation), fetched with {@code GET
 * /eth/v2/validator/aggregate_attestation} for the root of the slot's decided attestation data. The
 * value check refuses an aggregate of another form, for other data or another committee, without
 * bits, or for a committee with no selected validator. Each validator signs its {@code
 * AggregateAndProof} (the Electra or phase0 form of the slot's fork); the signed aggregates go to
 * every beacon node with {@code POST /eth/v2/validator/aggregate_and_proofs}.
 */
final class AggregationPlugin implements DutyPlugin {
  private final PluginContext context;
  private final Schemas schemas;
  private final AggregationSchedule schedule;
  private final Selections selections;

  AggregationPlugin(
      final PluginContext context,
      final AggregationSchedule schedule,
      final Selections selections) {
    this.context = context;
    this.schemas = context.schedule().schemas();
    this.schedule = schedule;
    this.selections = selections;
  }

  @Override
  public DutyType type() {
    return DutyType.AGGREGATOR;
  }

  @Override
  public SlotOffset offset() {
    return SlotOffset.TWO_THIRDS;
  }

  @Override
  public boolean needsConsensus() {
    return true;
  }

  @Override
  public CompletableFuture<Void> ensureLoaded(final long epoch) {
    return schedule.ensureLoaded(epoch);
  }

  @Override
  public void prune(final long beforeEpoch) {
    // the selection plug-in prunes the shared schedule
  }

  /** The validators whose combined selection proof selected them (not selected: no duty). */
  @Override
  public List<Long> validatorsAt(final long slot) {
    return schedule.dutiesAt(slot).stream()
        .map(AttesterDuty::validatorIndex)
        .filter(context.validators()::containsKey)
        .filter(v -> selections.selected(slot, v).isPresent())
        .sorted()
        .toList();
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    return schedule.dutiesIn(epoch).stream().map(AttesterDuty::slot).distinct().sorted().toList();
  }

  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    final TreeSet<Long> committees = new TreeSet<>();
    validators.forEach(
        v -> schedule.duty(slot, v).ifPresent(d -> committees.add(d.committeeIndex())));
    return within(
            context.decisions().awaitDecided(DutyType.ATTESTER, slot),
            deadlineMillis(slot),
            "the slot's attestation data was not decided")
        .thenCompose(
            value -> fetchAggregates(slot, schemas.attestationData.deserialize(value), committees));
  }

  private CompletableFuture<byte[]> fetchAggregates(
      final long slot, final AttestationData decided, final TreeSet<Long> committees) {
    final ForkName fork = context.schedule().forkAtSlot(slot);
    final Map<Long, CompletableFuture<AggregateAttestation>> asked = new TreeMap<>();
    for (final long committee : committees) {
      asked.put(
          committee,
          UntilFound.call(
              () ->
                  context
                      .beacon()
                      .call(
                          new GetAggregateAttestation(
                              schemas, fork, slot, committee, dataRoot(decided, fork, committee))),
              context.timers(),
              context.time(),
              context.clock().millisPerSlot() / 12,
              context.clock().slotStartMillis(slot) + context.clock().millisPerSlot() * 5 / 6));
    }
    return CompletableFuture.allOf(
            asked.values().stream()
                .map(f -> f.handle((a, e) -> null))
                .toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              final SortedMap<Long, byte[]> entries = new TreeMap<>();
              final List<String> errors = new ArrayList<>();
              asked.forEach(
                  (committee, future) -> {
                    if (future.isCompletedExceptionally()) {
                      errors.add(
                          "committee "
                              + committee
                              + ": "
                              + io.dvc.node.pipeline.Errors.rootMessage(
                                  future.handle((a, e) -> e).join()));
                    } else {
                      entries.put(
                          committee, attestationType(fork).serialize(future.join().attestation()));
                    }
                  });
              if (entries.isEmpty()) {
                throw new DutyFailure(
                    FailureReason.BEACON_FETCH_ERROR, "no aggregate: " + String.join("; ", errors));
              }
              if (!errors.isEmpty()) {
                context.log().warn("aggregator slot {}: {}", slot, String.join("; ", errors));
              }
              return IndexedValues.encode(entries);
            });
  }

  @Override
  public Optional<String> check(
      final long slot,
      final List<Long> validators,
      final Optional<byte[]> own,
      final byte[] proposed) {
    final byte[] value = context.decisions().awaitDecided(DutyType.ATTESTER, slot).getNow(null);
    if (value == null) {
      return Optional.of("the slot's attestation data is not decided on this node");
    }
    final AttestationData decided = schemas.attestationData.deserialize(value);
    final ForkName fork = context.schedule().forkAtSlot(slot);
    final TreeSet<Long> committees = new TreeSet<>();
    validators.forEach(
        v -> schedule.duty(slot, v).ifPresent(d -> committees.add(d.committeeIndex())));
    final SortedMap<Long, byte[]> entries;
    try {
      entries = IndexedValues.decode(proposed, committees.size());
    } catch (final IllegalArgumentException e) {
      return Optional.of("malformed aggregation value: " + e.getMessage());
    }
    if (entries.isEmpty()) {
      return Optional.of("aggregation value without aggregates");
    }
    for (final Map.Entry<Long, byte[]> entry : entries.entrySet()) {
      final long committee = entry.getKey();
      if (!committees.contains(committee)) {
        return Optional.of(
            "aggregate for committee " + committee + ", where no validator aggregates");
      }
      final Attestation aggregate;
      try {
        aggregate = attestationType(fork).deserialize(entry.getValue());
      } catch (final RuntimeException e) {
        return Optional.of("committee " + committee + ": malformed aggregate: " + e.getMessage());
      }
      final Optional<String> wrong =
          GetAggregateAttestation.wrongAggregate(
              schemas, fork, committee, dataRoot(decided, fork, committee), aggregate);
      if (wrong.isPresent()) {
        return Optional.of("committee " + committee + ": " + wrong.get());
      }
    }
    return Optional.empty();
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final List<SigningRequest> requests = new ArrayList<>();
    aggregates(slot, validators, decided)
        .forEach(
            (validator, aggregateAndProof) ->
                requests.add(
                    new SigningRequest.Unslashable(
                        validator,
                        context.signingRoots().aggregateAndProof(aggregateAndProof),
                        "aggregate_and_proof")));
    return requests;
  }

  @Override
  public CompletableFuture<SubmitReport> submit(
      final long slot, final byte[] decided, final List<Combined> signed) {
    final ForkName fork = context.schedule().forkAtSlot(slot);
    final Map<Long, AggregateAndProof> messages =
        aggregates(slot, signed.stream().map(Combined::validatorIndex).toList(), decided);
    final List<Long> order = new ArrayList<>();
    final List<SignedAggregateAndProof> aggregates = new ArrayList<>();
    for (final Combined c : signed) {
      final AggregateAndProof message = messages.get(c.validatorIndex());
      if (message != null) {
        order.add(c.validatorIndex());
        aggregates.add(new SignedAggregateAndProof(message, Bytes.of(c.signature().toBytes())));
      }
    }
    return context
        .beacon()
        .call(
            new SubmitAggregateAndProofs(
                fork, aggregates, schemas.at(fork).signedAggregateAndProof()))
        .thenApply(
            result -> {
              final Map<Long, SubmitReport.Failure> failures = new HashMap<>();
              result
                  .rejected()
                  .forEach(
                      (position, message) ->
                          failures.put(
                              order.get(position),
                              new SubmitReport.Failure(
                                  FailureReason.SUBMIT_ERROR,
                                  "beacon node rejected the aggregate: " + message)));
              return new SubmitReport(failures);
            });
  }

  @Override
  public long deadlineMillis(final long slot) {
    return context.clock().slotStartMillis(slot + 1);
  }

  /** Each validator's AggregateAndProof for the decided aggregates (absent: no aggregate). */
  private Map<Long, AggregateAndProof> aggregates(
      final long slot, final List<Long> validators, final byte[] decided) {
    final ForkName fork = context.schedule().forkAtSlot(slot);
    final SortedMap<Long, byte[]> entries = IndexedValues.decode(decided, Integer.MAX_VALUE);
    final Map<Long, AggregateAndProof> messages = new TreeMap<>();
    for (final long validator : validators) {
      final Optional<AttesterDuty> duty = schedule.duty(slot, validator);
      final Optional<Combined> proof = selections.selected(slot, validator);
      if (duty.isEmpty() || proof.isEmpty()) {
        continue;
      }
      final byte[] aggregate = entries.get(duty.get().committeeIndex());
      if (aggregate != null) {
        messages.put(
            validator,
            new AggregateAndProof(
                validator,
                attestationType(fork).deserialize(aggregate),
                Bytes.of(proof.get().signature().toBytes())));
      }
    }
    return messages;
  }

  private ContainerType<Attestation> attestationType(final ForkName fork) {
    return schemas.at(fork).attestation();
  }

  /** hash_tree_root of the decided data for a committee (its index before Electra, else 0). */
  private Bytes dataRoot(final AttestationData decided, final ForkName fork, final long committee) {
    final long index = fork.isAtLeast(ForkName.ELECTRA) ? 0 : committee;
    return schemas.attestationData.hashTreeRoot(
        new AttestationData(
            decided.slot(), index, decided.beaconBlockRoot(), decided.source(), decided.target()));
  }

  private <T> CompletableFuture<T> within(
      final CompletableFuture<T> future, final long deadline, final String failure) {
    final CompletableFuture<T> bounded = new CompletableFuture<>();
    future.whenComplete(
        (value, error) -> {
          if (error != null) {
            bounded.completeExceptionally(new DutyFailure(FailureReason.NO_CONSENSUS, failure));
          } else {
            bounded.complete(value);
          }
        });
    context
        .timers()
        .at(
            deadline,
            () ->
                bounded.completeExceptionally(
                    new DutyFailure(FailureReason.NO_CONSENSUS, failure)));
    return bounded;
  }
}
