package io.dvc.node.duties.sync;

import io.dvc.node.beacon.api.GetSyncCommitteeContribution;
import io.dvc.node.beacon.api.SubmitContributionAndProofs;
import io.dvc.node.beacon.api.SyncDuty;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.duty.IndexedValues;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyFailure;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.Errors;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import io.dvc.node.pipeline.UntilFound;
import io.dvc.spec.Preset;
import io.dvc.spec.Schemas;
import io.dvc.spec.Selection;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.ContributionAndProof;
import io.dvc.spec.types.SignedContributionAndProof;
import io.dvc.spec.types.SyncCommitteeContribution;
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
 * Sync contributions at two thirds of the slot, for each (member, subcommittee) whose combined sync
 * selection proof selects it: one QBFT instance per slot for all the cluster's contributions. The
 * value is the contribution of each subcommittee with a selected member ({@link IndexedValues} by
 * subcommittee, each the SSZ of a SyncCommitteeContribution), fetched with {@code GET
 * /eth/v1/validator/sync_committee_contribution} for the decided block root. The value check
 * refuses a contribution for another slot, subcommittee or block root, without bits, or for a
 * subcommittee with no selected member. Each selected (member, subcommittee) signs its {@code
 * ContributionAndProof} (part: the subcommittee); they go to every beacon node with {@code POST
 * /eth/v1/validator/contribution_and_proofs}.
 */
final class SyncContributionPlugin implements DutyPlugin {
  private final PluginContext context;
  private final Schemas schemas;
  private final SyncSchedule schedule;

  SyncContributionPlugin(final PluginContext context, final SyncSchedule schedule) {
    this.context = context;
    this.schemas = context.schedule().schemas();
    this.schedule = schedule;
  }

  @Override
  public DutyType type() {
    return DutyType.SYNC_CONTRIBUTION;
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

  /** Members with at least one subcommittee whose combined proof selects them. */
  @Override
  public List<Long> validatorsAt(final long slot) {
    return selected(slot, null).keySet().stream().toList();
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    return List.of();
  }

  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    final TreeSet<Long> subcommittees = new TreeSet<>();
    selected(slot, validators).values().forEach(m -> subcommittees.addAll(m.keySet()));
    return SyncValues.decidedBlockRoot(context, slot, deadlineMillis(slot))
        .thenCompose(root -> fetchContributions(slot, root, subcommittees));
  }

  private CompletableFuture<byte[]> fetchContributions(
      final long slot, final Bytes root, final TreeSet<Long> subcommittees) {
    final Map<Long, CompletableFuture<SyncCommitteeContribution>> asked = new TreeMap<>();
    for (final long subcommittee : subcommittees) {
      asked.put(
          subcommittee,
          UntilFound.call(
              () ->
                  context
                      .beacon()
                      .call(new GetSyncCommitteeContribution(schemas, slot, subcommittee, root)),
              context.timers(),
              context.time(),
              context.clock().millisPerSlot() / 12,
              context.clock().slotStartMillis(slot) + context.clock().millisPerSlot() * 5 / 6));
    }
    return CompletableFuture.allOf(
            asked.values().stream()
                .map(f -> f.handle((c, e) -> null))
                .toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              final SortedMap<Long, byte[]> entries = new TreeMap<>();
              final List<String> errors = new ArrayList<>();
              asked.forEach(
                  (subcommittee, future) -> {
                    if (future.isCompletedExceptionally()) {
                      errors.add(
                          "subcommittee "
                              + subcommittee
                              + ": "
                              + Errors.rootMessage(future.handle((c, e) -> e).join()));
                    } else {
                      entries.put(
                          subcommittee, schemas.syncCommitteeContribution.serialize(future.join()));
                    }
                  });
              if (entries.isEmpty()) {
                throw new DutyFailure(
                    FailureReason.BEACON_FETCH_ERROR,
                    "no contribution: " + String.join("; ", errors));
              }
              if (!errors.isEmpty()) {
                context
                    .log()
                    .warn("sync_contribution slot {}: {}", slot, String.join("; ", errors));
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
    final Optional<Bytes> root = SyncValues.decidedBlockRootNow(context, slot);
    if (root.isEmpty()) {
      return Optional.of("the slot's attestation data is not decided on this node");
    }
    final TreeSet<Long> subcommittees = new TreeSet<>();
    selected(slot, validators).values().forEach(m -> subcommittees.addAll(m.keySet()));
    final SortedMap<Long, byte[]> entries;
    try {
      entries = IndexedValues.decode(proposed, Preset.SYNC_COMMITTEE_SUBNET_COUNT);
    } catch (final IllegalArgumentException e) {
      return Optional.of("malformed contribution value: " + e.getMessage());
    }
    if (entries.isEmpty()) {
      return Optional.of("contribution value without contributions");
    }
    for (final Map.Entry<Long, byte[]> entry : entries.entrySet()) {
      final long subcommittee = entry.getKey();
      if (!subcommittees.contains(subcommittee)) {
        return Optional.of(
            "contribution for subcommittee " + subcommittee + ", where no member is selected");
      }
      final SyncCommitteeContribution contribution;
      try {
        contribution = schemas.syncCommitteeContribution.deserialize(entry.getValue());
      } catch (final RuntimeException e) {
        return Optional.of("subcommittee " + subcommittee + ": malformed: " + e.getMessage());
      }
      final Optional<String> wrong =
          GetSyncCommitteeContribution.wrongContribution(
              slot, subcommittee, root.get(), contribution);
      if (wrong.isPresent()) {
        return Optional.of("subcommittee " + subcommittee + ": " + wrong.get());
      }
    }
    return Optional.empty();
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final List<SigningRequest> requests = new ArrayList<>();
    for (final Message m : messages(slot, validators, decided)) {
      requests.add(
          new SigningRequest.Unslashable(
              m.validator(),
              context.signingRoots().contributionAndProof(m.message()),
              "contribution_and_proof",
              (int) m.message().contribution().subcommitteeIndex()));
    }
    return requests;
  }

  @Override
  public CompletableFuture<SubmitReport> submit(
      final long slot, final byte[] decided, final List<Combined> signed) {
    final Map<io.dvc.node.pipeline.SignatureKey, ContributionAndProof> messages = new HashMap<>();
    for (final Message m :
        messages(
            slot, signed.stream().map(Combined::validatorIndex).distinct().toList(), decided)) {
      messages.put(
          new io.dvc.node.pipeline.SignatureKey(
              m.validator(), (int) m.message().contribution().subcommitteeIndex()),
          m.message());
    }
    final List<Long> order = new ArrayList<>();
    final List<SignedContributionAndProof> contributions = new ArrayList<>();
    for (final Combined c : signed) {
      final ContributionAndProof message = messages.get(c.key());
      if (message != null) {
        order.add(c.validatorIndex());
        contributions.add(
            new SignedContributionAndProof(message, Bytes.of(c.signature().toBytes())));
      }
    }
    return context
        .beacon()
        .call(new SubmitContributionAndProofs(contributions, schemas.signedContributionAndProof))
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
                                  "beacon node rejected the contribution: " + message)));
              return new SubmitReport(failures);
            });
  }

  @Override
  public long deadlineMillis(final long slot) {
    return context.clock().slotStartMillis(slot + 1);
  }

  private record Message(long validator, ContributionAndProof message) {}

  /** The ContributionAndProof of each selected (member, subcommittee) with a decided entry. */
  private List<Message> messages(
      final long slot, final List<Long> validators, final byte[] decided) {
    final SortedMap<Long, byte[]> entries =
        IndexedValues.decode(decided, Preset.SYNC_COMMITTEE_SUBNET_COUNT);
    final List<Message> messages = new ArrayList<>();
    selected(slot, validators)
        .forEach(
            (validator, proofs) ->
                proofs.forEach(
                    (subcommittee, proof) -> {
                      final byte[] entry = entries.get(subcommittee);
                      if (entry != null) {
                        messages.add(
                            new Message(
                                validator,
                                new ContributionAndProof(
                                    validator,
                                    schemas.syncCommitteeContribution.deserialize(entry),
                                    Bytes.of(proof.signature().toBytes()))));
                      }
                    }));
    return messages;
  }

  /**
   * The members selected at the slot (all, or only {@code among}), each with its combined proof per
   * selected subcommittee; decided on the combined proofs known now (a partial never decides).
   */
  private SortedMap<Long, SortedMap<Long, Combined>> selected(
      final long slot, final List<Long> among) {
    final SortedMap<Long, SortedMap<Long, Combined>> selected = new TreeMap<>();
    for (final SyncDuty duty : schedule.membersAt(slot)) {
      final long validator = duty.validatorIndex();
      if (!context.validators().containsKey(validator)
          || (among != null && !among.contains(validator))) {
        continue;
      }
      for (final long subcommittee : schedule.subcommittees(duty)) {
        final Combined proof =
            context
                .preConsensus()
                .await(
                    DutyType.SYNC_SELECTION_PROOF,
                    slot,
                    validator,
                    SyncSelectionProofPlugin.part(subcommittee))
                .getNow(null);
        if (proof != null
            && Selection.isSyncCommitteeAggregator(
                context.schedule().preset(), proof.signature().toBytes())) {
          selected.computeIfAbsent(validator, v -> new TreeMap<>()).put(subcommittee, proof);
        }
      }
    }
    return selected;
  }
}
