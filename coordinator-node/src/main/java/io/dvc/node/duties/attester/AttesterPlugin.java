package io.dvc.node.duties.attester;

import io.dvc.node.beacon.api.AttesterDuty;
import io.dvc.node.beacon.api.GetAttestationData;
import io.dvc.node.beacon.api.SubmitAttestations;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
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
import java.util.concurrent.CompletableFuture;

/**
 * The attester duty: at one third of the slot, one QBFT instance per slot for all of the cluster's
 * attesters. The value is the SSZ of the AttestationData with committee index 0 (slot, head root,
 * source, target: the same for every committee); the committee index is filled in per validator
 * after the decision (before Electra). The value check refuses a source or target that differs from
 * this node's own beacon view, and a value that slashing protection would refuse for every
 * validator of the slot. The slot is decided also when only sync-committee members need it (their
 * messages sign its block root), with no attester of this node.
 */
public final class AttesterPlugin implements DutyPlugin {
  private final PluginContext context;
  private final Schemas schemas;
  private final AttesterSchedule schedule;

  public AttesterPlugin(final PluginContext context) {
    this.context = context;
    this.schemas = context.schedule().schemas();
    this.schedule =
        new AttesterSchedule(
            context.beacon(),
            context.schedule().slotsPerEpoch(),
            context.validators().keySet(),
            context.log());
  }

  @Override
  public DutyType type() {
    return DutyType.ATTESTER;
  }

  @Override
  public SlotOffset offset() {
    return SlotOffset.ONE_THIRD;
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
  public void onHead(final io.dvc.node.beacon.HeadEvent head) {
    schedule.onHead(head);
  }

  @Override
  public void prune(final long beforeEpoch) {
    schedule.prune(beforeEpoch);
  }

  @Override
  public List<Long> validatorsAt(final long slot) {
    return schedule.dutiesAt(slot).stream()
        .map(AttesterDuty::validatorIndex)
        .filter(context.validators()::containsKey)
        .sorted()
        .toList();
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    return schedule.slotsWithDuties(epoch);
  }

  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    // Before Electra any committee of the slot gives the same data but its index (set to 0 below);
    // a slot decided only for sync-committee members has no attester.
    final long committeeIndex =
        isElectra(slot) || validators.isEmpty()
            ? 0
            : duty(slot, validators.get(0)).map(AttesterDuty::committeeIndex).orElse(0L);
    return context
        .beacon()
        .call(new GetAttestationData(slot, committeeIndex, context.schedule().slotsPerEpoch()))
        .thenApply(data -> schemas.attestationData.serialize(withIndex(data, 0)));
  }

  @Override
  public Optional<String> check(
      final long slot,
      final List<Long> validators,
      final Optional<byte[]> own,
      final byte[] proposed) {
    if (own.isEmpty()) {
      return Optional.of("no own attestation data for slot " + slot + " yet");
    }
    final AttestationData value;
    try {
      value = schemas.attestationData.deserialize(proposed);
    } catch (final RuntimeException e) {
      return Optional.of("malformed attestation value: " + e.getMessage());
    }
    final AttestationData mine = schemas.attestationData.deserialize(own.get());
    if (value.slot() != slot
        || value.index() != 0
        || !value.source().equals(mine.source())
        || !value.target().equals(mine.target())) {
      return Optional.of("source/target differ from this node's beacon view");
    }
    if (validators.isEmpty()) {
      return Optional.empty(); // decided for sync-committee members only: nothing is attested
    }
    // Refuse only a value that no validator of the slot may sign: one refused validator must not
    // stop the others. Each validator is checked again, and recorded, before it is signed.
    String refusal = "";
    final Map<AttestationData, Bytes> roots = new HashMap<>();
    for (final long validator : validators) {
      final Optional<String> refused =
          context
              .slashingRefusal()
              .apply(request(validator, dataFor(value, slot, validator), roots));
      if (refused.isEmpty()) {
        return Optional.empty();
      }
      refusal = "validator " + validator + ": " + refused.get();
    }
    return Optional.of("slashing protection refuses every validator of the slot (" + refusal + ")");
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final AttestationData value = schemas.attestationData.deserialize(decided);
    final Map<AttestationData, Bytes> roots = new HashMap<>();
    final List<SigningRequest> requests = new ArrayList<>(validators.size());
    for (final long validator : validators) {
      requests.add(request(validator, dataFor(value, slot, validator), roots));
    }
    return requests;
  }

  @Override
  public CompletableFuture<SubmitReport> submit(
      final long slot, final byte[] decided, final List<Combined> signed) {
    final AttestationData value = schemas.attestationData.deserialize(decided);
    final ForkName fork = context.schedule().forkAtSlot(slot);
    final List<Long> order = new ArrayList<>();
    final List<SingleAttestation> electra = new ArrayList<>();
    final List<io.dvc.spec.types.Attestation> phase0 = new ArrayList<>();
    for (final Combined c : signed) {
      final Optional<AttesterDuty> duty = duty(slot, c.validatorIndex());
      if (duty.isEmpty()) {
        continue;
      }
      order.add(c.validatorIndex());
      final AttestationData data = dataFor(value, slot, c.validatorIndex());
      final Bytes signature = Bytes.of(c.signature().toBytes());
      if (fork.isAtLeast(ForkName.ELECTRA)) {
        electra.add(
            new SingleAttestation(
                duty.get().committeeIndex(), duty.get().validatorIndex(), data, signature));
      } else {
        phase0.add(
            new Phase0Attestation(
                Bits.of(
                    (int) duty.get().committeeLength(), (int) duty.get().validatorCommitteeIndex()),
                data,
                signature));
      }
    }
    final SubmitAttestations request =
        fork.isAtLeast(ForkName.ELECTRA)
            ? SubmitAttestations.singles(fork, electra, schemas.singleAttestation)
            : SubmitAttestations.phase0(fork, phase0, schemas.phase0Attestation);
    return context
        .beacon()
        .call(request)
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
                                  "beacon node rejected the attestation: " + message)));
              return new SubmitReport(failures);
            });
  }

  @Override
  public long deadlineMillis(final long slot) {
    return context.clock().slotStartMillis(slot + 2);
  }

  private SigningRequest request(
      final long validator, final AttestationData data, final Map<AttestationData, Bytes> roots) {
    return new SigningRequest.Attestation(
        validator,
        data.source().epoch(),
        data.target().epoch(),
        roots.computeIfAbsent(data, d -> context.signingRoots().attestation(d)));
  }

  private AttestationData dataFor(final AttestationData value, final long slot, final long v) {
    final long index =
        isElectra(slot) ? 0 : duty(slot, v).map(AttesterDuty::committeeIndex).orElse(0L);
    return withIndex(value, index);
  }

  private Optional<AttesterDuty> duty(final long slot, final long validator) {
    return schedule.duty(slot, validator);
  }

  private boolean isElectra(final long slot) {
    return context.schedule().forkAtSlot(slot).isAtLeast(ForkName.ELECTRA);
  }

  static AttestationData withIndex(final AttestationData data, final long index) {
    return new AttestationData(
        data.slot(), index, data.beaconBlockRoot(), data.source(), data.target());
  }
}
