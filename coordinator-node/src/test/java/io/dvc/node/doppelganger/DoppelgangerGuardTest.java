package io.dvc.node.doppelganger;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.BlsSignature;
import io.dvc.node.duty.DutyType;
import io.dvc.node.pipeline.Combined;
import io.dvc.spec.ssz.Bytes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoppelgangerGuardTest {
  private static Combined combined(final long validator) {
    return new Combined(
        DutyType.ATTESTER,
        40,
        validator,
        Bytes.zero(32),
        BlsSignature.fromBytes(Bytes.fromHex("0xc0" + "00".repeat(95)).toArray()));
  }

  @Test
  void aValidatorIsReleasedAfterTwoCheckedEpochsNotLive() {
    final DoppelgangerGuard guard = new DoppelgangerGuard(Set.of(1L, 2L), 5);
    assertThat(guard.holdReason(1)).hasValueSatisfying(r -> assertThat(r).contains("0 of 2"));
    assertThat(guard.onLiveness(4, Map.of(1L, false, 2L, false)).released())
        .as("an epoch before the first checked one does not count")
        .isEmpty();
    assertThat(guard.onLiveness(5, Map.of(1L, false, 2L, false)).released()).isEmpty();
    assertThat(guard.holdReason(1)).hasValueSatisfying(r -> assertThat(r).contains("1 of 2"));
    assertThat(guard.onLiveness(6, Map.of(1L, false)).released()).containsExactly(1L);
    assertThat(guard.holdReason(1)).isEmpty();
    assertThat(guard.holdReason(2)).as("not in the answer: still held").isPresent();
    assertThat(guard.waiting()).containsExactly(2L);
  }

  @Test
  void aValidatorLiveElsewhereIsHeldForGood() {
    final DoppelgangerGuard guard = new DoppelgangerGuard(Set.of(1L, 2L), 5);
    final DoppelgangerGuard.Outcome outcome = guard.onLiveness(5, Map.of(1L, true, 2L, false));
    assertThat(outcome.detected()).containsExactly(1L);
    assertThat(guard.holdReason(1))
        .hasValueSatisfying(r -> assertThat(r).contains("is live elsewhere (epoch 5)"));
    guard.onLiveness(6, Map.of(1L, false, 2L, false));
    guard.onLiveness(7, Map.of(1L, false, 2L, false));
    guard.onCombined(combined(1));
    assertThat(guard.holdReason(1)).as("never released").isPresent();
    assertThat(guard.detected()).containsExactly(1L);
    assertThat(guard.holdReason(2)).isEmpty();
  }

  @Test
  void theClusterReachingThresholdReleasesAtOnce() {
    final DoppelgangerGuard guard = new DoppelgangerGuard(Set.of(1L, 2L), 5);
    guard.onCombined(combined(2));
    assertThat(guard.holdReason(2)).isEmpty();
    assertThat(guard.onLiveness(5, Map.of(2L, true)).detected())
        .as("live because the cluster signs: not a doppelganger")
        .isEmpty();
    assertThat(guard.waiting()).isEqualTo(List.of(1L));
  }

  @Test
  void validatorsNotWatchedAreNeverHeld() {
    final DoppelgangerGuard guard = new DoppelgangerGuard(Set.of(), 0);
    assertThat(guard.holdReason(3)).isEmpty();
    assertThat(guard.onLiveness(0, Map.of(3L, true)).detected()).isEmpty();
  }
}
