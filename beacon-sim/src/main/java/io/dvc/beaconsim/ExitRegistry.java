package io.dvc.beaconsim;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The exits of the simulated registry: a validator whose voluntary exit was accepted has an exit
 * epoch ({@code compute_activation_exit_epoch}: the current epoch + 1 + MAX_SEED_LOOKAHEAD, no
 * churn limit) and becomes withdrawable MIN_VALIDATOR_WITHDRAWABILITY_DELAY epochs later. The state
 * endpoints report its status from these.
 */
final class ExitRegistry {
  static final long MAX_SEED_LOOKAHEAD = 4;
  static final long MIN_VALIDATOR_WITHDRAWABILITY_DELAY = 256;

  private final Map<Integer, Long> exitEpochs = new TreeMap<>();

  /** Records the exit of a validator initiated in {@code currentEpoch}; returns its exit epoch. */
  synchronized long initiate(final int index, final long currentEpoch) {
    return exitEpochs.computeIfAbsent(index, i -> currentEpoch + 1 + MAX_SEED_LOOKAHEAD);
  }

  synchronized OptionalLong exitEpoch(final int index) {
    final Long epoch = exitEpochs.get(index);
    return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
  }

  synchronized Map<Integer, Long> all() {
    return Map.copyOf(exitEpochs);
  }

  /** The spec status of a validator active from genesis, at an epoch. */
  synchronized String status(final int index, final long epoch) {
    final Long exit = exitEpochs.get(index);
    if (exit == null) {
      return "active_ongoing";
    }
    if (epoch < exit) {
      return "active_exiting";
    }
    return epoch < exit + MIN_VALIDATOR_WITHDRAWABILITY_DELAY
        ? "exited_unslashed"
        : "withdrawal_possible";
  }
}
