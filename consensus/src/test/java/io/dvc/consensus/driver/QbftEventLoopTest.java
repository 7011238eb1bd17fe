package io.dvc.consensus.driver;

import static io.dvc.consensus.testing.Cluster.T;
import static io.dvc.consensus.testing.Cluster.input;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.consensus.InstanceId;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import io.dvc.consensus.message.WireCodec;
import io.dvc.consensus.message.WireLimits;
import io.dvc.consensus.qbft.Rejection;
import io.dvc.consensus.qbft.Rejection.Reason;
import io.dvc.consensus.testing.LoopbackCluster;
import io.dvc.consensus.testing.TestKeys;
import org.junit.jupiter.api.Test;

class QbftEventLoopTest {
  private static final InstanceId SLOT_100 = new InstanceId(100, 0);
  private static final InstanceId SLOT_101 = new InstanceId(101, 0);
  private final TestKeys keys = TestKeys.fake(6, 7);
  private final WireCodec codec = new WireCodec(WireLimits.DEFAULT, ValueHasher.SHA256);

  private LoopbackCluster cluster(final DriverLimits limits) {
    return new LoopbackCluster(4, keys, limits);
  }

  private byte[] prepare(final int from, final InstanceId id) {
    return codec.encode(
        QbftMessage.bare(
            SignedPayload.sign(
                Payload.of(MessageType.PREPARE, id, 1, from, input(1).digest()),
                keys.signer(from))));
  }

  private static void startAll(final LoopbackCluster c, final InstanceId id, final int n) {
    for (int op = 1; op <= n; op++) {
      c.loop(op).start(id, 0, input(op));
    }
  }

  @Test
  void clusterDecidesOverEncodedMessagesAndClearsTimers() {
    final LoopbackCluster c = cluster(DriverLimits.DEFAULT);
    startAll(c, SLOT_100, 4);
    c.flush();
    for (int op = 1; op <= 4; op++) {
      assertThat(c.decisions(op)).hasSize(1);
      assertThat(c.decisions(op).get(0).value()).isEqualTo(input(1));
      assertThat(c.loop(op).nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }
  }

  @Test
  void timersFireOnWakeupAndRoundChangeReplacesDeadLeader() {
    final LoopbackCluster c = cluster(DriverLimits.DEFAULT);
    c.crash(1);
    for (int op = 2; op <= 4; op++) {
      c.loop(op).start(SLOT_100, 0, input(op));
    }
    c.flush();
    assertThat(c.loop(2).nextDeadline()).isEqualTo(T);
    c.advanceTo(T - 1);
    assertThat(c.decisions(2)).isEmpty();
    c.advanceTo(T);
    assertThat(c.decisions(2)).extracting(d -> d.value()).containsExactly(input(2));
  }

  @Test
  void aDriverThatKnowsTheLeaderIsUnreachableChangesRoundAtOnceAndDecidesBeforeTheTimer() {
    final LoopbackCluster c = new LoopbackCluster(4, keys, DriverLimits.DEFAULT, true);
    c.crash(1);
    for (int op = 2; op <= 4; op++) {
      c.loop(op).start(SLOT_100, 0, input(op));
    }
    c.flush();
    for (int op = 2; op <= 4; op++) {
      assertThat(c.decisions(op)).extracting(d -> d.value()).containsExactly(input(2));
      assertThat(c.decisions(op).get(0).round()).isEqualTo(2);
    }
  }

  @Test
  void aLeaderLostDuringItsRoundIsLeftOnRecheckBeforeTheTimer() {
    final LoopbackCluster c = new LoopbackCluster(4, keys, DriverLimits.DEFAULT, true);
    for (int op = 2; op <= 4; op++) {
      c.loop(op).start(SLOT_100, 0, input(op));
    }
    c.flush();
    assertThat(c.loop(2).instance(SLOT_100).orElseThrow().round())
        .as("operator 1 reachable but silent: its round is waited for")
        .isEqualTo(1);

    c.crash(1);
    for (int op = 2; op <= 4; op++) {
      c.loop(op).recheckLeaders();
    }
    c.flush();

    for (int op = 2; op <= 4; op++) {
      assertThat(c.decisions(op)).extracting(d -> d.value()).containsExactly(input(2));
      assertThat(c.decisions(op).get(0).round()).isEqualTo(2);
    }
  }

  @Test
  void aDriverSkipsEveryRoundLedByAnUnreachableOperatorButWaitsForAReachableOne() {
    final LoopbackCluster c = new LoopbackCluster(4, keys, DriverLimits.DEFAULT, true);
    c.crash(1);
    c.crash(2);
    c.loop(3).start(SLOT_100, 0, input(3));
    c.loop(4).start(SLOT_100, 0, input(4));
    c.flush();
    assertThat(c.loop(3).instance(SLOT_100).orElseThrow().round()).isEqualTo(3);
    assertThat(c.loop(4).instance(SLOT_100).orElseThrow().round()).isEqualTo(3);
    assertThat(c.loop(3).nextDeadline()).isEqualTo(3 * T);
    assertThat(c.decisions(3)).isEmpty();
  }

  @Test
  void messagesForExpiredHeightsAreDropped() {
    final LoopbackCluster c = cluster(DriverLimits.DEFAULT);
    c.loop(1).expireBefore(101);
    c.loop(1).onWire(2, prepare(2, SLOT_100));
    assertThat(c.drops(1)).extracting(Rejection::reason).containsExactly(Reason.EXPIRED);
    c.loop(1).start(SLOT_100, 0, input(1));
    assertThat(c.loop(1).instance(SLOT_100)).isEmpty();
  }

  @Test
  void messagesForFutureInstanceAreBufferedAndReplayedOnStart() {
    final LoopbackCluster c = cluster(DriverLimits.DEFAULT);
    startAll(c, SLOT_100, 4);
    c.flush();
    c.loop(4).expireBefore(101);
    for (int op = 1; op <= 3; op++) {
      c.loop(op).start(SLOT_101, 0, input(op));
    }
    c.flush();
    assertThat(c.loop(4).bufferedMessages()).isGreaterThanOrEqualTo(3);
    assertThat(c.decisions(4)).hasSize(1);
    c.loop(4).start(SLOT_101, 0, input(4));
    c.flush();
    assertThat(c.loop(4).bufferedMessages()).isZero();
    assertThat(c.decisions(4)).hasSize(2);
    assertThat(c.decisions(4).get(1).instance()).isEqualTo(SLOT_101);
  }

  @Test
  void futureBufferIsBoundedPerPeer() {
    final LoopbackCluster c = cluster(new DriverLimits(64, 2, 100));
    c.loop(1).expireBefore(100);
    c.loop(1).onWire(2, prepare(2, new InstanceId(105, 0)));
    c.loop(1).onWire(2, prepare(2, new InstanceId(106, 0)));
    c.loop(1).onWire(2, prepare(2, new InstanceId(107, 0)));
    c.loop(1).onWire(3, prepare(3, new InstanceId(107, 0)));
    assertThat(c.loop(1).bufferedMessages()).isEqualTo(3);
    assertThat(c.drops(1)).extracting(Rejection::reason).containsExactly(Reason.BUFFER_FULL);
  }

  @Test
  void futureWindowFollowsTheHighestStartedHeight() {
    final LoopbackCluster c = cluster(new DriverLimits(10, 10, 10));
    c.loop(1).start(new InstanceId(1_000, 0), 0, input(1));
    c.loop(1).onWire(2, prepare(2, new InstanceId(1_005, 0)));
    c.loop(1).onWire(2, prepare(2, new InstanceId(1_011, 0)));
    assertThat(c.loop(1).bufferedMessages()).isEqualTo(1);
    assertThat(c.drops(1)).extracting(Rejection::reason).containsExactly(Reason.TOO_FAR_AHEAD);
  }

  @Test
  void messagesTooFarAheadAreDropped() {
    final LoopbackCluster c = cluster(new DriverLimits(10, 10, 10));
    c.loop(1).expireBefore(100);
    c.loop(1).onWire(2, prepare(2, new InstanceId(111, 0)));
    assertThat(c.drops(1)).extracting(Rejection::reason).containsExactly(Reason.TOO_FAR_AHEAD);
  }

  @Test
  void messageSignedByAnotherOperatorThanTheSendingPeerIsDropped() {
    final LoopbackCluster c = cluster(DriverLimits.DEFAULT);
    c.loop(1).start(SLOT_100, 0, input(1));
    c.loop(1).onWire(3, prepare(2, SLOT_100));
    assertThat(c.drops(1)).extracting(Rejection::reason).containsExactly(Reason.SENDER_MISMATCH);
  }

  @Test
  void messagesFromNonMembersAreNeitherDeliveredNorBuffered() {
    final LoopbackCluster c = cluster(DriverLimits.DEFAULT);
    c.loop(1).onWire(5, prepare(5, SLOT_101));
    assertThat(c.loop(1).bufferedMessages()).isZero();
    assertThat(c.drops(1)).extracting(Rejection::reason).containsExactly(Reason.NOT_MEMBER);
  }

  @Test
  void garbageIsDroppedWithAReasonNamingThePeer() {
    final LoopbackCluster c = cluster(DriverLimits.DEFAULT);
    c.loop(1).onWire(3, new byte[] {1, 2, 3});
    assertThat(c.drops(1)).hasSize(1);
    assertThat(c.drops(1).get(0).reason()).isEqualTo(Reason.MALFORMED);
    assertThat(c.drops(1).get(0).detail()).contains("operator 3");
  }

  @Test
  void expiringRemovesInstancesAndTheirTimers() {
    final LoopbackCluster c = cluster(DriverLimits.DEFAULT);
    c.loop(2).start(SLOT_100, 0, input(2));
    assertThat(c.loop(2).nextDeadline()).isEqualTo(T);
    c.loop(2).expireBefore(101);
    assertThat(c.loop(2).instance(SLOT_100)).isEmpty();
    assertThat(c.loop(2).nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void clusterWithRealEd25519SignaturesDecides() {
    final LoopbackCluster c = new LoopbackCluster(4, TestKeys.ed25519(4), DriverLimits.DEFAULT);
    startAll(c, SLOT_100, 4);
    c.flush();
    for (int op = 1; op <= 4; op++) {
      assertThat(c.decisions(op)).extracting(d -> d.value()).containsExactly(input(1));
    }
  }

  @Test
  void clusterWithHmacSignaturesDecidesAfterLeaderFailure() {
    final LoopbackCluster c = new LoopbackCluster(4, TestKeys.hmac(4), DriverLimits.DEFAULT);
    c.crash(1);
    for (int op = 2; op <= 4; op++) {
      c.loop(op).start(SLOT_100, 0, input(op));
    }
    c.advanceTo(T);
    for (int op = 2; op <= 4; op++) {
      assertThat(c.decisions(op)).extracting(d -> d.value()).containsExactly(input(2));
    }
  }
}
