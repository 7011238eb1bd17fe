package io.dvc.node.parsig;

import io.dvc.bls.BlsSignature;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects partial signatures per (slot, duty kind, validator, part) from every operator and
 * reports a validator once t of them agree on the same signing root. Pure bookkeeping: no I/O, no
 * crypto, not thread-safe (one thread owns it). An operator's first partial for a validator counts;
 * later ones from the same operator are ignored.
 */
public final class PartialSignatureStore {
  private final int threshold;
  private final TreeMap<Long, Map<Key, Entry>> bySlot = new TreeMap<>();

  private record Key(int dutyType, long validatorIndex, int part) {}

  private static final class Entry {
    final Map<Integer, PartialSignature> byOperator = new HashMap<>();
    final Set<Integer> rejected = new HashSet<>();
    boolean emitted;
  }

  public PartialSignatureStore(final int threshold) {
    this.threshold = threshold;
  }

  /** Adds one operator's partials and returns the validators that became ready now. */
  public List<ReadyToCombine> add(
      final long slot,
      final int dutyType,
      final int operator,
      final List<PartialSignature> partials) {
    final Map<Key, Entry> slotEntries = bySlot.computeIfAbsent(slot, s -> new HashMap<>());
    final List<ReadyToCombine> ready = new ArrayList<>();
    for (final PartialSignature partial : partials) {
      final Key key = new Key(dutyType, partial.validatorIndex(), partial.part());
      final Entry entry = slotEntries.computeIfAbsent(key, k -> new Entry());
      if (entry.rejected.contains(operator) || entry.byOperator.containsKey(operator)) {
        continue;
      }
      entry.byOperator.put(operator, partial);
      if (!entry.emitted) {
        readyGroup(slot, key, entry).ifPresent(ready::add);
      }
    }
    return ready;
  }

  /**
   * The combined signature of a validator failed because these operators sent bad partials: drop
   * them, never accept their partials again for it, and report it ready again if t good ones are
   * still there (or once they arrive).
   */
  public java.util.Optional<ReadyToCombine> rejectOperators(
      final long slot,
      final int dutyType,
      final long validatorIndex,
      final int part,
      final Set<Integer> bad) {
    final Map<Key, Entry> slotEntries = bySlot.get(slot);
    final Key key = new Key(dutyType, validatorIndex, part);
    final Entry entry = slotEntries == null ? null : slotEntries.get(key);
    if (entry == null) {
      return java.util.Optional.empty();
    }
    entry.rejected.addAll(bad);
    bad.forEach(entry.byOperator::remove);
    entry.emitted = false;
    return readyGroup(slot, key, entry);
  }

  /** Operators from which at least one partial for the slot and duty kind arrived. */
  public Set<Integer> operatorsSeen(final long slot, final int dutyType) {
    final Set<Integer> seen = new HashSet<>();
    final Map<Key, Entry> slotEntries = bySlot.getOrDefault(slot, Map.of());
    slotEntries.forEach(
        (key, entry) -> {
          if (key.dutyType() == dutyType) {
            seen.addAll(entry.byOperator.keySet());
          }
        });
    return seen;
  }

  /** Per validator, the operators from which a partial for the slot and duty kind arrived. */
  public Map<Long, Set<Integer>> operatorsSeenByValidator(final long slot, final int dutyType) {
    final Map<Long, Set<Integer>> seen = new HashMap<>();
    bySlot
        .getOrDefault(slot, Map.of())
        .forEach(
            (key, entry) -> {
              if (key.dutyType() == dutyType) {
                seen.computeIfAbsent(key.validatorIndex(), v -> new HashSet<>())
                    .addAll(entry.byOperator.keySet());
              }
            });
    return seen;
  }

  /** Forgets every slot below the given one. */
  public void pruneBefore(final long slot) {
    bySlot.headMap(slot).clear();
  }

  private java.util.Optional<ReadyToCombine> readyGroup(
      final long slot, final Key key, final Entry entry) {
    final Map<ByteBuffer, Map<Integer, BlsSignature>> byRoot = new HashMap<>();
    for (final Map.Entry<Integer, PartialSignature> e : entry.byOperator.entrySet()) {
      final Map<Integer, BlsSignature> group =
          byRoot.computeIfAbsent(ByteBuffer.wrap(e.getValue().signingRoot()), r -> new TreeMap<>());
      group.put(e.getKey(), e.getValue().signature());
      if (group.size() >= threshold) {
        entry.emitted = true;
        final Map<Integer, BlsSignature> chosen = new TreeMap<>();
        group.entrySet().stream()
            .limit(threshold)
            .forEach(g -> chosen.put(g.getKey(), g.getValue()));
        return java.util.Optional.of(
            new ReadyToCombine(
                slot,
                key.dutyType(),
                key.validatorIndex(),
                key.part(),
                e.getValue().signingRoot(),
                chosen));
      }
    }
    return java.util.Optional.empty();
  }
}
