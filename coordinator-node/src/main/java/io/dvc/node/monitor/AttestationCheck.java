package io.dvc.node.monitor;

import io.dvc.node.beacon.api.AttestationReward;

/**
 * What the chain shows of one validator's attestation of an epoch: the timely source, target and
 * head flags. Without a correct source the attestation did not reach the chain in time (missed).
 */
public record AttestationCheck(long validatorIndex, boolean source, boolean target, boolean head) {

  /**
   * From the rewards: a flag is earned when its reward is not negative (a missed source or target
   * is penalised; during an inactivity leak an earned flag pays 0); the head flag has no penalty,
   * so only a positive head reward counts.
   */
  public static AttestationCheck of(final AttestationReward reward) {
    final boolean source = reward.source() >= 0;
    final boolean target = source && reward.target() >= 0;
    return new AttestationCheck(
        reward.validatorIndex(), source, target, target && reward.head() > 0);
  }

  public boolean missed() {
    return !source;
  }

  /** The result label of metrics: correct, wrong_head, wrong_target or missed. */
  public String result() {
    if (!source) {
      return "missed";
    }
    if (!target) {
      return "wrong_target";
    }
    return head ? "correct" : "wrong_head";
  }
}
