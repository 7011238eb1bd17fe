package io.dvc.node.pipeline;

import io.dvc.bls.BlsSignature;
import io.dvc.bls.threshold.CombineAndVerify;
import io.dvc.common.events.Subscribers;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.parsig.ReadyToCombine;
import io.dvc.spec.ssz.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Combines t agreeing partials per validator (Lagrange) and batch-verifies every combined signature
 * of a batch at once; when the batch fails it finds the operators with bad partials, names them,
 * and hands the group back to be retried without them.
 */
public final class Aggregator {
  private final int threshold;
  private final Map<Long, ValidatorKeys> keys;
  private final DutyStates states;
  private final DutyTracker tracker;
  private final TimeProvider time;
  private final Logger log;
  private final Subscribers<List<Combined>> combined = new Subscribers<>();
  private final List<BiConsumer<ReadyToCombine, Set<Integer>>> rejections = new ArrayList<>();

  /** The public keys needed to verify one validator's signatures (no secret). */
  public record ValidatorKeys(
      io.dvc.bls.BlsPublicKey groupPublicKey, Map<Integer, io.dvc.bls.BlsPublicKey> publicShares) {
    public static ValidatorKeys of(final ValidatorShare share) {
      return new ValidatorKeys(share.groupPublicKey(), share.publicShares());
    }
  }

  public Aggregator(
      final int threshold,
      final Map<Long, ValidatorKeys> keys,
      final DutyStates states,
      final DutyTracker tracker,
      final TimeProvider time,
      final Logger log) {
    this.threshold = threshold;
    this.keys = Map.copyOf(keys);
    this.states = states;
    this.tracker = tracker;
    this.time = time;
    this.log = log;
  }

  /** Verified combined signatures (output). */
  public void subscribe(final Consumer<List<Combined>> listener) {
    combined.subscribe(listener);
  }

  /** Groups with bad partials and the operators to drop (output). */
  public void subscribeRejections(final BiConsumer<ReadyToCombine, Set<Integer>> listener) {
    rejections.add(listener);
  }

  /** Input: validators whose partials are ready. */
  public void combine(final List<ReadyToCombine> ready) {
    final List<ReadyToCombine> usable = new ArrayList<>(ready.size());
    final List<CombineAndVerify.Request> requests = new ArrayList<>(ready.size());
    for (final ReadyToCombine r : ready) {
      final ValidatorKeys k = keys.get(r.validatorIndex());
      if (k == null) {
        continue;
      }
      usable.add(r);
      requests.add(
          new CombineAndVerify.Request(
              k.groupPublicKey(),
              threshold,
              k.publicShares(),
              r.signingRoot(),
              new TreeMap<>(r.partials())));
    }
    final List<CombineAndVerify.Result> results = CombineAndVerify.combineAndVerify(requests);
    final List<Combined> verified = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      final ReadyToCombine r = usable.get(i);
      final CombineAndVerify.Result result = results.get(i);
      final DutyType type = DutyType.ofCode(r.dutyType()).orElse(null);
      if (type == null) {
        continue;
      }
      states.get(type, r.slot()).ifPresent(s -> s.mark("combined", time.currentTimeMillis()));
      if (result.isVerified()) {
        final BlsSignature signature = result.signature().get();
        verified.add(
            new Combined(
                type,
                r.slot(),
                r.validatorIndex(),
                r.part(),
                Bytes.of(r.signingRoot()),
                signature));
      } else {
        log.warn(
            "{} slot {} validator {}: bad partial signatures from operators {}",
            type.label(),
            r.slot(),
            r.validatorIndex(),
            result.badShareIndices());
        tracker.waitingFor(
            new Duty(type, r.slot(), r.validatorIndex()),
            FailureReason.INVALID_SIGNATURE,
            "bad partial signatures from operators " + result.badShareIndices());
        rejections.forEach(l -> l.accept(r, result.badShareIndices()));
      }
    }
    if (!verified.isEmpty()) {
      combined.deliver(verified);
    }
  }
}
