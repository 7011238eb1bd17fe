package io.dvc.node.pipeline;

import io.dvc.node.duty.DutyType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The decided values of consensus duties by (duty kind, slot), for plug-ins that build on another
 * duty's decision, and the slots that must be decided even without a validator of this node. Owned
 * by the workflow thread; futures complete on it.
 */
public final class Decisions implements DecidedValues {
  private record Key(DutyType type, long slot) {}

  private final Map<Key, byte[]> decided = new HashMap<>();
  private final Map<Key, List<CompletableFuture<byte[]>>> waiting = new HashMap<>();
  private final Set<Key> required = new HashSet<>();
  private final Map<Key, CompletableFuture<Void>> settled = new HashMap<>();

  /** Input: a duty's value was decided. */
  public void onDecided(final DutyType type, final long slot, final byte[] value) {
    final Key key = new Key(type, slot);
    if (decided.putIfAbsent(key, value.clone()) == null) {
      final List<CompletableFuture<byte[]>> futures = waiting.remove(key);
      if (futures != null) {
        futures.forEach(f -> f.complete(value.clone()));
      }
    }
  }

  @Override
  public CompletableFuture<byte[]> awaitDecided(final DutyType type, final long slot) {
    final Key key = new Key(type, slot);
    final byte[] known = decided.get(key);
    if (known != null) {
      return CompletableFuture.completedFuture(known.clone());
    }
    final CompletableFuture<byte[]> future = new CompletableFuture<>();
    waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(future);
    return future;
  }

  /** Input: this node submitted the duty kind's signatures at the slot, or has none to submit. */
  public void onSettled(final DutyType type, final long slot) {
    settledFuture(new Key(type, slot)).complete(null);
  }

  @Override
  public CompletableFuture<Void> awaitSettled(final DutyType type, final long slot) {
    return settledFuture(new Key(type, slot)).thenApply(v -> v);
  }

  private CompletableFuture<Void> settledFuture(final Key key) {
    return settled.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  @Override
  public void requireDecision(final DutyType type, final long slot) {
    required.add(new Key(type, slot));
  }

  /** Whether some plug-in needs the duty kind decided at the slot. */
  public boolean required(final DutyType type, final long slot) {
    return required.contains(new Key(type, slot));
  }

  /** Forgets slots below this one; waiters for them fail. */
  public void pruneBefore(final long slot) {
    decided.keySet().removeIf(k -> k.slot() < slot);
    required.removeIf(k -> k.slot() < slot);
    settled.keySet().removeIf(k -> k.slot() < slot);
    waiting
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().slot() < slot) {
                e.getValue()
                    .forEach(
                        f ->
                            f.completeExceptionally(
                                new IllegalStateException(
                                    e.getKey().type().label()
                                        + " of slot "
                                        + e.getKey().slot()
                                        + " was not decided")));
                return true;
              }
              return false;
            });
  }
}
