package io.dvc.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerWiringTest {

  @Test
  void aLeaderWithoutAConnectionIsLeft() {
    assertThat(PeerWiring.leaderReachable(false, false, true)).isFalse();
    assertThat(PeerWiring.leaderReachable(false, false, false)).isFalse();
  }

  @Test
  void aLeaderLongSilentWhileAnotherOperatorAnswersIsLeft() {
    assertThat(PeerWiring.leaderReachable(true, true, true)).isFalse();
  }

  @Test
  void aLeaderIsWaitedForWhenEveryPeerLooksStalledBecauseThisNodeIsTheLikelierCause() {
    assertThat(PeerWiring.leaderReachable(true, true, false)).isTrue();
  }

  @Test
  void aLeaderAnsweringItsPingsIsWaitedFor() {
    assertThat(PeerWiring.leaderReachable(true, false, true)).isTrue();
  }

  @Test
  void theLeaderSkipWaitsLongerThanTheRedialSoALatePingUnderLoadDoesNotSplitARound() {
    assertThat(PeerWiring.LEADER_STALL_TIMEOUT)
        .isGreaterThan(PeerWiring.STALL_TIMEOUT.multipliedBy(2));
  }
}
