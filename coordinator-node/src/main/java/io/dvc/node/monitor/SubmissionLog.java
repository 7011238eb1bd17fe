package io.dvc.node.monitor;

import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What this node submitted successfully (the beacon node accepted it), so that the monitor can tell
 * "missed" from "submitted but never included". Keeps the last {@link #EPOCHS_KEPT} epochs;
 * thread-safe.
 */
public final class SubmissionLog {
  static final int EPOCHS_KEPT = 8;

  private final long slotsPerEpoch;
  private final TreeMap<Long, Set<Long>> attestersByEpoch = new TreeMap<>();
  private final Map<Long, Long> proposerBySlot = new HashMap<>();
  private final TreeMap<Long, Set<Long>> syncMembersBySlot = new TreeMap<>();

  public SubmissionLog(final long slotsPerEpoch) {
    this.slotsPerEpoch = slotsPerEpoch;
  }

  /**
   * Records a successful attestation, proposal or sync committee message; other outcomes are
   * ignored.
   */
  public synchronized void record(final DutyOutcome outcome) {
    if (!outcome.succeeded()) {
      return;
    }
    final long slot = outcome.duty().slot();
    final long epoch = slot / slotsPerEpoch;
    if (outcome.duty().type() == DutyType.ATTESTER) {
      attestersByEpoch
          .computeIfAbsent(epoch, e -> new HashSet<>())
          .add(outcome.duty().validatorIndex());
    } else if (outcome.duty().type() == DutyType.PROPOSER) {
      proposerBySlot.put(slot, outcome.duty().validatorIndex());
    } else if (outcome.duty().type() == DutyType.SYNC_MESSAGE) {
      syncMembersBySlot
          .computeIfAbsent(slot, s -> new HashSet<>())
          .add(outcome.duty().validatorIndex());
    } else {
      return;
    }
    while (attestersByEpoch.size() > EPOCHS_KEPT) {
      attestersByEpoch.pollFirstEntry();
    }
    final long oldest = (epoch - EPOCHS_KEPT) * slotsPerEpoch;
    proposerBySlot.keySet().removeIf(s -> s < oldest);
    syncMembersBySlot.headMap(oldest).clear();
  }

  public synchronized boolean attested(final long validatorIndex, final long epoch) {
    return attestersByEpoch.getOrDefault(epoch, Set.of()).contains(validatorIndex);
  }

  /** Whether this node submitted the validator's sync committee message of the slot. */
  public synchronized boolean syncMessage(final long validatorIndex, final long slot) {
    return syncMembersBySlot.getOrDefault(slot, Set.of()).contains(validatorIndex);
  }

  public synchronized boolean proposed(final long validatorIndex, final long slot) {
    final Long proposer = proposerBySlot.get(slot);
    return proposer != null && proposer == validatorIndex;
  }
}
