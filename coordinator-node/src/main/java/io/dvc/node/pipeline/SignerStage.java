package io.dvc.node.pipeline;

import io.dvc.common.events.Subscribers;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.parsig.PartialSignature;
import io.dvc.node.parsig.PartialSignatureSet;
import io.dvc.spec.ssz.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Signs a decided value: asks the plug-in what each validator signs, lets the slashing-protected
 * signer record and sign, fails what slashing protection refused, and emits this node's partial
 * signatures as one set per (slot, duty kind).
 */
public final class SignerStage {
  private final SlashingProtectedSigner signer;
  private final DutyTracker tracker;
  private final TimeProvider time;
  private final int selfIndex;
  private final SigningGate gate;
  private final Subscribers<PartialSignatureSet> partials = new Subscribers<>();
  private final Subscribers<DutyState> expecting = new Subscribers<>();

  public SignerStage(
      final SlashingProtectedSigner signer,
      final DutyTracker tracker,
      final TimeProvider time,
      final int selfIndex) {
    this(signer, tracker, time, selfIndex, SigningGate.OPEN);
  }

  /** With a gate that may hold validators back (doppelganger protection). */
  public SignerStage(
      final SlashingProtectedSigner signer,
      final DutyTracker tracker,
      final TimeProvider time,
      final int selfIndex,
      final SigningGate gate) {
    this.signer = signer;
    this.tracker = tracker;
    this.time = time;
    this.selfIndex = selfIndex;
    this.gate = gate;
  }

  /** This node's partial signatures (output). */
  public void subscribePartials(final Consumer<PartialSignatureSet> listener) {
    partials.subscribe(listener);
  }

  /** The signing roots this node expects are known (output). */
  public void subscribeExpectedRoots(final Consumer<DutyState> listener) {
    expecting.subscribe(listener);
  }

  /** Input: the duty's value is decided. */
  public void onDecided(final DutyState state) {
    final List<SigningRequest> all =
        state.plugin.signingRequests(state.slot, state.validators, state.decided.orElseThrow());
    final Map<SignatureKey, Bytes> roots = new HashMap<>();
    all.forEach(r -> roots.put(r.key(), r.signingRoot()));
    final List<SigningRequest> requests = new ArrayList<>(all.size());
    for (final SigningRequest request : all) {
      final Optional<String> held = gate.holdReason(request.validatorIndex());
      if (held.isEmpty()) {
        requests.add(request);
      } else if (state.plugin.tracked()) {
        tracker.failed(
            new Duty(state.plugin.type(), state.slot, request.validatorIndex()),
            FailureReason.DOPPELGANGER,
            held.get());
      }
    }
    state.expectedRoots = Optional.of(Map.copyOf(roots));
    final List<SlashingProtectedSigner.Result> results;
    try {
      results = signer.sign(requests);
    } catch (final RuntimeException e) {
      // Nothing was recorded, so nothing is signed: every duty of the set fails, naming why.
      if (state.plugin.tracked()) {
        for (final SigningRequest request : requests) {
          tracker.failed(
              new Duty(state.plugin.type(), state.slot, request.validatorIndex()),
              FailureReason.SLASHING_DB_ERROR,
              "slashing protection could not record the signature: " + e.getMessage());
        }
      }
      return;
    }
    state.mark("signed", time.currentTimeMillis());
    final List<PartialSignature> own = new ArrayList<>(results.size());
    for (final SlashingProtectedSigner.Result result : results) {
      final long validator = result.request().validatorIndex();
      if (result.signed()) {
        own.add(
            new PartialSignature(
                validator,
                result.request().part(),
                result.request().signingRoot().toArray(),
                result.partial().get()));
      } else if (state.plugin.tracked()) {
        tracker.failed(
            new Duty(state.plugin.type(), state.slot, validator),
            FailureReason.SLASHING_REFUSED,
            result.refusal());
      }
    }
    expecting.deliver(state);
    if (!own.isEmpty()) {
      partials.deliver(
          new PartialSignatureSet(state.slot, state.plugin.type().code(), selfIndex, own));
    }
  }
}
