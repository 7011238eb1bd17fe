package io.dvc.node.doppelganger;

import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.SigningGate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Doppelganger protection of one node as a state machine without I/O. Each validator it watches is
 * held back from signing until either {@link #EPOCHS_NOT_LIVE} checked epochs show it not live, or
 * this node sees its own cluster combine a signature for it (then the live copy is the cluster
 * itself). A validator live in a checked epoch without such a combined signature is live elsewhere:
 * it stays held for the life of the node.
 *
 * <p>Only epochs this node watched from their start are checked ({@code firstCheckedEpoch} on): in
 * an epoch it joined late, the cluster may have made the validator live before this node could see
 * it combine.
 */
public final class DoppelgangerGuard implements SigningGate {
  /** Checked epochs that must show a validator not live before it is released. */
  public static final int EPOCHS_NOT_LIVE = 2;

  /** What a liveness answer changed. */
  public record Outcome(List<Long> released, List<Long> detected) {
    public Outcome {
      released = List.copyOf(released);
      detected = List.copyOf(detected);
    }
  }

  private final long firstCheckedEpoch;
  private final Map<Long, Integer> waiting = new HashMap<>();
  private final Map<Long, Long> detected = new HashMap<>();

  /**
   * @param validators the validators to hold (those without slashing-protection history)
   * @param firstCheckedEpoch the first epoch this node watches from its start
   */
  public DoppelgangerGuard(final Set<Long> validators, final long firstCheckedEpoch) {
    validators.forEach(v -> waiting.put(v, 0));
    this.firstCheckedEpoch = firstCheckedEpoch;
  }

  public long firstCheckedEpoch() {
    return firstCheckedEpoch;
  }

  @Override
  public Optional<String> holdReason(final long validatorIndex) {
    final Long liveIn = detected.get(validatorIndex);
    if (liveIn != null) {
      return Optional.of(
          "validator "
              + validatorIndex
              + " is live elsewhere (epoch "
              + liveIn
              + "): doppelganger protection never signs for it");
    }
    final Integer notLive = waiting.get(validatorIndex);
    if (notLive != null) {
      return Optional.of(
          "doppelganger protection: "
              + notLive
              + " of "
              + EPOCHS_NOT_LIVE
              + " epochs checked not live (from epoch "
              + firstCheckedEpoch
              + ")");
    }
    return Optional.empty();
  }

  /** The cluster reached threshold for the validator: the live copy is the cluster itself. */
  @Override
  public void onCombined(final Combined signature) {
    waiting.remove(signature.validatorIndex());
  }

  /** Validators still waiting for the check (sorted). */
  public List<Long> waiting() {
    return new ArrayList<>(new TreeSet<>(waiting.keySet()));
  }

  /** Validators found live elsewhere (sorted). */
  public List<Long> detected() {
    return new ArrayList<>(new TreeSet<>(detected.keySet()));
  }

  /**
   * A beacon node's liveness answer for an epoch. Epochs before the first checked one, and
   * validators the answer does not mention, change nothing.
   */
  public Outcome onLiveness(final long epoch, final Map<Long, Boolean> live) {
    final List<Long> released = new ArrayList<>();
    final List<Long> found = new ArrayList<>();
    if (epoch < firstCheckedEpoch) {
      return new Outcome(released, found);
    }
    for (final Long validator : waiting()) {
      final Boolean isLive = live.get(validator);
      if (isLive == null) {
        continue;
      }
      if (isLive) {
        waiting.remove(validator);
        detected.put(validator, epoch);
        found.add(validator);
      } else {
        final int notLive = waiting.merge(validator, 1, Integer::sum);
        if (notLive >= EPOCHS_NOT_LIVE) {
          waiting.remove(validator);
          released.add(validator);
        }
      }
    }
    return new Outcome(released, found);
  }
}
