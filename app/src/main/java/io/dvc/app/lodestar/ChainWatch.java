package io.dvc.app.lodestar;

import io.dvc.app.lodestar.ChainProbe.BlockContent;
import io.dvc.app.lodestar.ChainProbe.Finality;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads Lodestar's chain as the judged epochs end: the head's finality checkpoints, the ended
 * epoch's committees, and every block since the last look (attestations, and sync-aggregate bits
 * against the sync committee of the block's period), into a {@link ChainInclusion}. What Lodestar
 * does not answer is printed and left out (so it counts as missing).
 */
final class ChainWatch {
  /** EPOCHS_PER_SYNC_COMMITTEE_PERIOD of the minimal preset. */
  private static final long EPOCHS_PER_PERIOD = 8;

  private final ChainProbe chain;
  private final long firstSlot;
  private final long slotsPerEpoch;
  private final PrintStream out;
  private final ChainInclusion inclusion = new ChainInclusion();
  private final TreeMap<Long, Finality> finality = new TreeMap<>();
  private final Map<Long, List<Integer>> syncCommittees = new HashMap<>();
  private long nextSlot;

  ChainWatch(
      final ChainProbe chain,
      final long firstSlot,
      final long slotsPerEpoch,
      final PrintStream out) {
    this.chain = chain;
    this.firstSlot = firstSlot;
    this.slotsPerEpoch = slotsPerEpoch;
    this.out = out;
    this.nextSlot = firstSlot;
  }

  /** Called once {@code epoch} has ended, at {@code currentSlot}. */
  void epochEnded(final long epoch, final long currentSlot) throws InterruptedException {
    try {
      finality.put(epoch, chain.finality());
    } catch (final IOException e) {
      out.println("finality after epoch " + epoch + " unreadable: " + e.getMessage());
    }
    try {
      inclusion.committees(epoch, chain.committees(epoch, (int) slotsPerEpoch));
    } catch (final IOException e) {
      out.println("committees of epoch " + epoch + " unreadable: " + e.getMessage());
    }
    for (; nextSlot < currentSlot; nextSlot++) {
      try {
        final Optional<BlockContent> block = chain.block(nextSlot);
        if (block.isPresent()) {
          inclusion.block(block.get(), syncCommittee(nextSlot));
        }
      } catch (final IOException e) {
        out.println("block at slot " + nextSlot + " unreadable: " + e.getMessage());
      }
    }
  }

  private List<Integer> syncCommittee(final long slot) throws IOException, InterruptedException {
    final long epoch = slot / slotsPerEpoch;
    final long period = epoch / EPOCHS_PER_PERIOD;
    List<Integer> committee = syncCommittees.get(period);
    if (committee == null) {
      committee = chain.syncCommittee(slot, epoch);
      syncCommittees.put(period, committee);
    }
    return slot >= firstSlot ? committee : null;
  }

  /** The finalized epoch at the last look, or -1. */
  long finalized() {
    return finality.isEmpty() ? -1 : finality.lastEntry().getValue().finalized();
  }

  Map<Long, Finality> finality() {
    return Map.copyOf(finality);
  }

  ChainInclusion inclusion() {
    return inclusion;
  }
}
