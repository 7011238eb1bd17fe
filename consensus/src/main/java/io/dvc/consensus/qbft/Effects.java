package io.dvc.consensus.qbft;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What one input to a {@link QbftInstance} produced. Immutable. */
public record Effects(
    List<Outbound> messages,
    List<TimerRequest> timers,
    Optional<Decision> decision,
    List<Rejection> rejections) {

  public static final Effects NONE = new Effects(List.of(), List.of(), Optional.empty(), List.of());

  public Effects {
    messages = List.copyOf(messages);
    timers = List.copyOf(timers);
    rejections = List.copyOf(rejections);
  }

  /** Mutable collector used while handling one input. */
  static final class Builder {
    private final List<Outbound> messages = new ArrayList<>(4);
    private final List<TimerRequest> timers = new ArrayList<>(1);
    private final List<Rejection> rejections = new ArrayList<>(0);
    private Decision decision;

    void send(final Outbound o) {
      messages.add(o);
    }

    void timer(final TimerRequest t) {
      timers.add(t);
    }

    void reject(final Rejection r) {
      rejections.add(r);
    }

    void decide(final Decision d) {
      decision = d;
    }

    Effects build() {
      if (messages.isEmpty() && timers.isEmpty() && rejections.isEmpty() && decision == null) {
        return NONE;
      }
      return new Effects(messages, timers, Optional.ofNullable(decision), rejections);
    }
  }
}
