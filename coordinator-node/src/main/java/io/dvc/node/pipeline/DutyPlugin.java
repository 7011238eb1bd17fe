package io.dvc.node.pipeline;

import io.dvc.node.beacon.HeadEvent;
import io.dvc.node.duty.DutyType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One kind of validator duty, plugged into the generic pipeline. A new duty is one package with a
 * class implementing this, plus its Beacon-API requests; the stages are not edited.
 *
 * <p>Values travel through the pipeline as bytes in the plug-in's own encoding (they are the QBFT
 * value when the duty needs consensus). Every method is called on the node's workflow thread; the
 * futures may complete on any thread (the pipeline hops back).
 */
public interface DutyPlugin {
  DutyType type();

  SlotOffset offset();

  /**
   * For {@link SlotOffset#AHEAD} duties: how many slots ahead of its slot a duty starts (half-way
   * through that earlier slot, after its attestations), so that pre-consensus work is spread over
   * the epoch; {@link Long#MAX_VALUE} (the default) starts every slot of an epoch as soon as the
   * epoch's duties are known.
   */
  default long lookaheadSlots() {
    return Long.MAX_VALUE;
  }

  /** Whether operators must agree on the value first (else the fetched value is signed as is). */
  boolean needsConsensus();

  /** Whether outcomes are reported (tracker, metrics); pre-consensus rounds are not. */
  default boolean tracked() {
    return true;
  }

  /** Loads the duties of an epoch unless already loaded; completes when known. */
  CompletableFuture<Void> ensureLoaded(long epoch);

  /**
   * Once per epoch, a sixth into its first slot (or into the first slot after the node starts):
   * re-send what beacon nodes must keep hearing (fee recipients, held registrations). Bulk sends go
   * here rather than to the slot start, where they would delay the slot's block.
   */
  default void refresh(final long epoch) {}

  /** A new head: reload duties whose dependent root changed. */
  default void onHead(final HeadEvent head) {}

  /** A beacon node (re)connected: e.g. re-send proposer preparations. */
  default void onBeaconConnected(final String node) {}

  /** Forgets duties of epochs before this one. */
  void prune(long beforeEpoch);

  /** This node's validators with this duty at the slot, from what is loaded now. */
  List<Long> validatorsAt(long slot);

  /** The slots of an epoch at which this duty has validators (for {@link SlotOffset#AHEAD}). */
  List<Long> slotsWithDuties(long epoch);

  /**
   * This node's own view of the unsigned data (the QBFT proposal if it leads, and the reference of
   * the value check). Fails with a message naming the beacon node on a fetch error.
   */
  CompletableFuture<byte[]> fetch(long slot, List<Long> validators);

  /**
   * The value check of consensus: empty if {@code proposed} is acceptable given this node's own
   * view (and slashing protection's dry run), else the reason.
   */
  Optional<String> check(long slot, List<Long> validators, Optional<byte[]> own, byte[] proposed);

  /**
   * Whether the value check needs this node's own view. If not, consensus starts at the duty start
   * (before the fetch completes), so that this node can accept the leader's value while its own
   * fetch is still under way (block proposals: latency matters, and blocks are not compared).
   */
  default boolean checksAgainstOwnView() {
    return true;
  }

  /** What each validator signs for the decided value (the signer records, then signs). */
  List<SigningRequest> signingRequests(long slot, List<Long> validators, byte[] decided);

  /** Submits the combined signatures of the slot to the beacon nodes. */
  CompletableFuture<SubmitReport> submit(long slot, byte[] decided, List<Combined> signed);

  /** When an unfinished duty of the slot fails as late. */
  long deadlineMillis(long slot);

  /** "proposer slot 12", for log lines. */
  default String describe(final long slot) {
    return type().name().toLowerCase(java.util.Locale.ROOT) + " slot " + slot;
  }
}
