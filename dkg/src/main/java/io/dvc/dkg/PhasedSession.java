package io.dvc.dkg;

import io.dvc.common.time.TimeProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;

/**
 * The machinery shared by {@link DkgSession} and {@link ReshareSession}: parties numbered 1..m, one
 * message per party and phase (kept in a {@link DkgInbox} until its phase comes), phase deadlines
 * from the injected clock, and the abort that names the parties at fault and tells the others. A
 * pure state machine: no I/O, one thread drives it.
 */
public abstract class PhasedSession {
  /** Where the session's messages go: party number 1..m. */
  @FunctionalInterface
  public interface Outbox {
    void send(int party, DkgMessage message);
  }

  final DkgInbox inbox = new DkgInbox();
  final Roster roster;
  final int parties;
  final int me;
  final TimeProvider time;
  final Outbox outbox;
  private final Duration helloTimeout;
  private final Duration phaseTimeout;
  private final Logger log;
  private final String name;

  DkgPhase phase;
  private long deadline = Long.MAX_VALUE;
  DkgOutcome outcome;

  PhasedSession(
      final Roster roster,
      final int parties,
      final int me,
      final TimeProvider time,
      final Outbox outbox,
      final Duration helloTimeout,
      final Duration phaseTimeout,
      final Logger log,
      final String name) {
    this.roster = roster;
    this.parties = parties;
    this.me = me;
    this.time = time;
    this.outbox = outbox;
    this.helloTimeout = helloTimeout;
    this.phaseTimeout = phaseTimeout;
    this.log = log;
    this.name = name;
  }

  /** Sends this party's HELLO and starts the first phase's timer. */
  public abstract void start();

  /** The parties the current phase waits for. */
  abstract Set<Integer> awaited();

  /** True when everything party {@code p} owes the current phase has arrived. */
  abstract boolean hasAll(int p);

  /** Completes the current phase (all awaited messages are in) and enters the next. */
  abstract void complete(DkgPhase done);

  /** Wipes every secret the session holds. */
  abstract void destroySecrets();

  public Optional<DkgOutcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  public DkgPhase phase() {
    return phase;
  }

  /** When the current phase times out (epoch millis); {@code Long.MAX_VALUE} when finished. */
  public long deadline() {
    return outcome == null ? deadline : Long.MAX_VALUE;
  }

  /** The name of party {@code p} for messages. */
  public String describe(final int p) {
    return roster.describe(p);
  }

  /** Aborts when the current phase's deadline has passed, naming the parties still missing. */
  public void onTick() {
    if (outcome != null || phase == null || time.currentTimeMillis() < deadline) {
      return;
    }
    final List<String> missing = new ArrayList<>();
    final Set<Integer> culprits = new TreeSet<>();
    for (final int p : awaited()) {
      if (!hasAll(p)) {
        missing.add(roster.describe(p));
        culprits.add(p);
      }
    }
    abort(
        "no "
            + phase.expects()
            + " from "
            + String.join(", ", missing)
            + " within "
            + timeout(phase) / 1000.0
            + " s",
        culprits,
        true);
  }

  /** Aborts from outside (the transport failed, the user interrupted). */
  public void abortLocally(final String reason) {
    if (outcome == null) {
      abort(reason, Set.of(), true);
    }
  }

  /** A message from party {@code from} (1..m, authenticated by the transport). */
  public void onMessage(final int from, final DkgMessage message) {
    if (outcome != null || from == me || from < 1 || from > parties) {
      if (message instanceof DkgMessage.Shares s) {
        s.destroy();
      }
      return;
    }
    if (message instanceof DkgMessage.Abort a) {
      abort(roster.describe(from) + " aborted: " + a.reason(), Set.of(), false);
      return;
    }
    if (!inbox.store(from, message)) {
      abort(
          roster.describe(from) + " sent two different " + message.phase().expects(),
          Set.of(from),
          true);
      return;
    }
    if (phase != null) {
      advance();
    }
  }

  /** Enters HELLO with this party's hello, sends it, and goes as far as the inbox allows. */
  void begin(final DkgMessage.Hello hello) {
    if (phase != null) {
      throw new IllegalStateException("already started");
    }
    enter(DkgPhase.HELLO);
    broadcast(hello);
    advance();
  }

  void advance() {
    while (outcome == null && phase != DkgPhase.DONE && awaited().stream().allMatch(this::hasAll)) {
      try {
        complete(phase);
      } catch (final RuntimeException e) {
        log.debug("{} phase {} failed", name, phase, e);
        abort("internal error in phase " + phase + ": " + e, Set.of(), true);
      }
    }
  }

  void enter(final DkgPhase next) {
    phase = next;
    deadline = time.currentTimeMillis() + timeout(next);
    log.debug("{} phase {}", name, next);
  }

  void finish(final DkgOutcome.Completed completed) {
    phase = DkgPhase.DONE;
    outcome = completed;
  }

  private long timeout(final DkgPhase p) {
    return (p == DkgPhase.HELLO ? helloTimeout : phaseTimeout).toMillis();
  }

  /** Every other party, 1..m. */
  Set<Integer> others() {
    final Set<Integer> out = new TreeSet<>();
    for (int p = 1; p <= parties; p++) {
      if (p != me) {
        out.add(p);
      }
    }
    return out;
  }

  void broadcast(final DkgMessage message) {
    for (final int p : others()) {
      outbox.send(p, message);
    }
  }

  void abort(final String reason, final Set<Integer> culprits, final boolean tellOthers) {
    outcome = new DkgOutcome.Aborted(phase, reason, culprits);
    log.warn("{} aborted in phase {}: {}", name, phase, reason);
    if (tellOthers) {
      broadcast(new DkgMessage.Abort(reason));
    }
    destroySecrets();
  }

  void abort(final Adjudication.Fault fault) {
    abort(fault.reason(), fault.culprits(), true);
  }
}
