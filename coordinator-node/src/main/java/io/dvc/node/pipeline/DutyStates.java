package io.dvc.node.pipeline;

import io.dvc.node.duty.DutyType;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The duty states of the node, by (duty kind, slot): the one piece of duty state that stages share
 * (as Charon's duty database), owned by the workflow thread.
 */
public final class DutyStates {
  private record Key(DutyType type, long slot) {}

  private final Map<Key, DutyState> states = new HashMap<>();

  /** The state of a duty kind at a slot, created on first start; empty if it existed already. */
  Optional<DutyState> create(final DutyStart start, final long startMillis) {
    final Key key = new Key(start.plugin().type(), start.slot());
    if (states.containsKey(key)) {
      return Optional.empty();
    }
    final DutyState state =
        new DutyState(start.plugin(), start.slot(), startMillis, start.validators());
    states.put(key, state);
    return Optional.of(state);
  }

  public Optional<DutyState> get(final DutyType type, final long slot) {
    return Optional.ofNullable(states.get(new Key(type, slot)));
  }

  /** Forgets states of slots below this one. */
  void pruneBefore(final long slot) {
    states.keySet().removeIf(key -> key.slot() < slot);
  }

  public int size() {
    return states.size();
  }
}
