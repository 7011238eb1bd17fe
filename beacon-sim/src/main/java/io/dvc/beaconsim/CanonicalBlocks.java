package io.dvc.beaconsim;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlockHeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * The canonical chain of the simulator, slot by slot up to the clock: a slot whose proposer is not
 * a cluster validator gets the simulator's own block when the clock reaches it; a slot whose
 * proposer is a cluster validator stays empty until that validator's block is published and
 * imported ({@link #importBlock}). Per slot it keeps the block (or none) and, as the spec's {@code
 * get_block_root_at_slot}, the root of the latest block at or before the slot. Not thread-safe: the
 * {@link SimChain} holds the lock.
 */
final class CanonicalBlocks {
  /** What importing a published block did. */
  enum Import {
    IMPORTED,
    ALREADY_KNOWN,
    NOT_CANONICAL
  }

  /** The outcome and, when not canonical, why. */
  record ImportResult(Import outcome, String reason) {}

  private final LongPredicate clusterSlot;
  private final LongFunction<BeaconBlockHeader> ownBlock;
  private final java.util.function.Function<BeaconBlockHeader, Bytes> rootOf;
  private final LongFunction<Bytes> ownExecutionHash;
  private final List<Bytes> latestRoots = new ArrayList<>();
  private final List<BeaconBlockHeader> blocks = new ArrayList<>();
  private final List<Bytes> latestExecutionHashes = new ArrayList<>();
  private final Map<Bytes, Long> slotByRoot = new HashMap<>();
  private final TreeMap<Long, Integer> clusterDuties = new TreeMap<>();

  /**
   * @param clusterSlot whether a slot's proposer is a cluster validator
   * @param ownBlock the simulator's block header at a (non-cluster) slot, given its parent root via
   *     {@link #latestRoot}
   * @param rootOf hash_tree_root of a header
   * @param ownExecutionHash the mock execution block hash of the simulator's block at a slot
   */
  CanonicalBlocks(
      final LongPredicate clusterSlot,
      final LongFunction<BeaconBlockHeader> ownBlock,
      final java.util.function.Function<BeaconBlockHeader, Bytes> rootOf,
      final LongFunction<Bytes> ownExecutionHash) {
    this.clusterSlot = clusterSlot;
    this.ownBlock = ownBlock;
    this.rootOf = rootOf;
    this.ownExecutionHash = ownExecutionHash;
  }

  /** Fills slots up to {@code slot}: own blocks where the proposer is not ours, else empty. */
  void extendTo(final long slot, final java.util.function.LongToIntFunction proposer) {
    if (slot < 0 || slot > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("slot out of range: " + slot);
    }
    while (latestRoots.size() <= slot) {
      final long next = latestRoots.size();
      if (next > 0 && clusterSlot.test(next)) {
        blocks.add(null);
        latestRoots.add(latestRoots.get((int) next - 1));
        latestExecutionHashes.add(latestExecutionHashes.get((int) next - 1));
        clusterDuties.put(next, proposer.applyAsInt(next));
        continue;
      }
      // the parent root must be readable through latestRoot(next - 1) while building
      final BeaconBlockHeader header = ownBlock.apply(next);
      final Bytes root = rootOf.apply(header);
      blocks.add(header);
      latestRoots.add(root);
      latestExecutionHashes.add(ownExecutionHash.apply(next));
      slotByRoot.put(root, next);
    }
  }

  /** Slots filled so far (the clock's slot + 1 once extended). */
  long size() {
    return latestRoots.size();
  }

  /** get_block_root_at_slot: the root of the latest block at or before a filled slot. */
  Bytes latestRoot(final long slot) {
    return latestRoots.get((int) slot);
  }

  /** The mock execution block hash of the latest block at or before a filled slot. */
  Bytes latestExecutionHash(final long slot) {
    return latestExecutionHashes.get((int) slot);
  }

  /** The block at a filled slot, if the slot has one. */
  Optional<BeaconBlockHeader> blockAt(final long slot) {
    return Optional.ofNullable(blocks.get((int) slot));
  }

  Optional<Long> slotOf(final Bytes root) {
    return Optional.ofNullable(slotByRoot.get(root));
  }

  /** Cluster proposer duties of the slots reached so far: slot → validator index. */
  Map<Long, Integer> clusterDuties() {
    return Map.copyOf(clusterDuties);
  }

  /**
   * Imports a published block (already checked by the caller) whose slot is filled: it becomes
   * canonical when its slot is still empty, its parent is the latest block before the slot and no
   * later block exists; the slots after it (empty ones) then point at it.
   */
  ImportResult importBlock(
      final BeaconBlockHeader header, final Bytes root, final Bytes executionHash) {
    final long slot = header.slot();
    final long head = latestRoots.size() - 1;
    if (slotByRoot.containsKey(root)) {
      return new ImportResult(Import.ALREADY_KNOWN, "block already imported");
    }
    if (slot == 0 || slot > head) {
      return new ImportResult(Import.NOT_CANONICAL, "slot " + slot + " cannot take a block now");
    }
    if (blocks.get((int) slot) != null) {
      return new ImportResult(
          Import.NOT_CANONICAL,
          "slot " + slot + " already has block " + rootOf.apply(blocks.get((int) slot)));
    }
    final Bytes parent = latestRoots.get((int) slot - 1);
    if (!header.parentRoot().equals(parent)) {
      return new ImportResult(
          Import.NOT_CANONICAL,
          "parent_root " + header.parentRoot() + " is not the canonical head " + parent);
    }
    if (!latestRoots.get((int) head).equals(parent)) {
      return new ImportResult(
          Import.NOT_CANONICAL, "a later block is already canonical at slot " + head);
    }
    blocks.set((int) slot, header);
    for (long s = slot; s <= head; s++) {
      latestRoots.set((int) s, root);
      latestExecutionHashes.set((int) s, executionHash);
    }
    slotByRoot.put(root, slot);
    return new ImportResult(Import.IMPORTED, "imported");
  }
}
