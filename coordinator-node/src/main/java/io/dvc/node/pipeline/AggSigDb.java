package io.dvc.node.pipeline;

import io.dvc.common.events.Subscribers;
import io.dvc.node.duty.DutyType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Combined, verified signatures by (duty kind, slot, validator). Later duties await pre-consensus
 * results here (a proposal awaits its RANDAO reveal); every stored batch also goes on to the
 * broadcaster. Owned by the workflow thread; awaiting futures complete on it.
 */
public final class AggSigDb implements PreConsensusResults {
  private record Key(DutyType type, long slot, long validatorIndex, int part) {}

  private final TreeMap<Long, Map<Key, Combined>> bySlot = new TreeMap<>();
  private final Map<Key, List<CompletableFuture<Combined>>> waiting = new HashMap<>();
  private final Subscribers<List<Combined>> stored = new Subscribers<>();

  /** Newly stored signatures (output). */
  public void subscribe(final Consumer<List<Combined>> listener) {
    stored.subscribe(listener);
  }

  /** Input: verified signatures. A validator's first signature for a duty is kept. */
  public void store(final List<Combined> signatures) {
    final List<Combined> fresh = new ArrayList<>(signatures.size());
    for (final Combined c : signatures) {
      final Key key = new Key(c.type(), c.slot(), c.validatorIndex(), c.part());
      final Map<Key, Combined> slot = bySlot.computeIfAbsent(c.slot(), s -> new HashMap<>());
      if (slot.putIfAbsent(key, c) == null) {
        fresh.add(c);
        final List<CompletableFuture<Combined>> futures = waiting.remove(key);
        if (futures != null) {
          futures.forEach(f -> f.complete(c));
        }
      }
    }
    if (!fresh.isEmpty()) {
      stored.deliver(fresh);
    }
  }

  /** Everything stored for a duty kind at a slot. */
  public List<Combined> stored(final DutyType type, final long slot) {
    return bySlot.getOrDefault(slot, Map.of()).values().stream()
        .filter(c -> c.type() == type)
        .toList();
  }

  @Override
  public CompletableFuture<Combined> await(
      final DutyType type, final long slot, final long validatorIndex, final int part) {
    final Key key = new Key(type, slot, validatorIndex, part);
    final Combined known = bySlot.getOrDefault(slot, Map.of()).get(key);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    final CompletableFuture<Combined> future = new CompletableFuture<>();
    waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(future);
    return future;
  }

  /** Forgets slots below this one; waiters for them fail. */
  public void pruneBefore(final long slot) {
    bySlot.headMap(slot).clear();
    waiting
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().slot() < slot) {
                e.getValue()
                    .forEach(
                        f -> f.completeExceptionally(new IllegalStateException("slot is over")));
                return true;
              }
              return false;
            });
  }
}
