package io.dvc.node.pipeline;

import io.dvc.common.events.Subscribers;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.duty.FailureReason;
import io.dvc.spec.ssz.Bytes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Submits combined signatures through their duty's plug-in, but only those over the signing root
 * this node expects from its own decision (peers' partials can combine before this node decided;
 * they wait until it knows what to expect), and reports each duty's outcome.
 */
public final class Broadcaster {
  private final DutyStates states;
  private final DutyTracker tracker;
  private final TimeProvider time;
  private final Executor loop;
  private final Logger log;
  private final Subscribers<DutyState> submitted = new Subscribers<>();

  public Broadcaster(
      final DutyStates states,
      final DutyTracker tracker,
      final TimeProvider time,
      final Executor loop,
      final Logger log) {
    this.states = states;
    this.tracker = tracker;
    this.time = time;
    this.loop = loop;
    this.log = log;
  }

  /** The first submission of a duty state's signatures completed, accepted or not (output). */
  public void subscribeSubmitted(final Consumer<DutyState> listener) {
    submitted.subscribe(listener);
  }

  /** Input: verified signatures. */
  public void onCombined(final List<Combined> signatures) {
    final Map<DutyState, List<Combined>> byDuty = new LinkedHashMap<>();
    for (final Combined c : signatures) {
      final DutyState state = states.get(c.type(), c.slot()).orElse(null);
      if (state == null) {
        continue; // not a duty of this node (e.g. a peer's stale round)
      }
      byDuty.computeIfAbsent(state, s -> new ArrayList<>()).add(c);
    }
    byDuty.forEach(this::submitOrHold);
  }

  /**
   * Input: the state now knows which roots to expect; {@code stored} is what was combined for it
   * before (peers' partials can combine before this node decided).
   */
  public void onExpectedRoots(final DutyState state, final List<Combined> stored) {
    if (!stored.isEmpty()) {
      submitOrHold(state, stored);
    }
  }

  private void submitOrHold(final DutyState state, final List<Combined> signatures) {
    if (state.expectedRoots.isEmpty() || state.decided.isEmpty()) {
      return; // kept in the AggSigDb; handed over again once the roots are expected
    }
    final Map<SignatureKey, Bytes> expected = state.expectedRoots.get();
    final List<Combined> matching =
        signatures.stream()
            .filter(c -> c.signingRoot().equals(expected.get(c.key())))
            .filter(c -> state.submitted.add(c.key()))
            .toList();
    if (matching.isEmpty()) {
      return;
    }
    state
        .plugin
        .submit(state.slot, state.decided.get(), matching)
        .whenCompleteAsync(
            (report, error) -> {
              if (!state.marked("submitted")) {
                state.mark("submitted", time.currentTimeMillis());
                final int rejected = error == null ? report.failures().size() : matching.size();
                log.info(
                    "{}: {} submitted, {} rejected; {}",
                    state.plugin.describe(state.slot),
                    matching.size(),
                    rejected,
                    state.timeline());
                submitted.deliver(state);
              }
              for (final Combined c : matching) {
                final Duty duty = new Duty(state.plugin.type(), state.slot, c.validatorIndex());
                if (error != null) {
                  tracker.failed(duty, FailureReason.SUBMIT_ERROR, Errors.rootMessage(error));
                } else if (report.failures().containsKey(c.validatorIndex())) {
                  final SubmitReport.Failure f = report.failures().get(c.validatorIndex());
                  tracker.failed(duty, f.reason(), f.detail());
                } else {
                  tracker.succeeded(duty);
                }
              }
            },
            loop);
  }
}
