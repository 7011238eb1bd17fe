package io.dvc.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerTrackerTest {
  private static final String OWN = "0x" + "11".repeat(32);
  private static final String OTHER = "0x" + "22".repeat(32);
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final PeerTracker tracker =
      new PeerTracker(
          List.of(
              new PeerTracker.Peer(2, "bob", "16Uiu2Bob", Optional.of("/ip4/10.0.0.2/tcp/3610")),
              new PeerTracker.Peer(3, "carol", "16Uiu2Carol", Optional.empty())),
          OWN,
          now::get);

  private JsonNode peer(final int position) {
    return tracker.snapshot().get(position);
  }

  @Test
  void aDialFailureNamesThePeerTheAddressAndTheErrorOncePerMinute() {
    assertThat(tracker.dialFailed(2, "/ip4/10.0.0.2/tcp/3610", "ConnectException: refused"))
        .contains(
            "peer 'bob' (operator 2, 16Uiu2Bob) not reachable: tried /ip4/10.0.0.2/tcp/3610:"
                + " ConnectException: refused");
    now.addAndGet(59_000);
    assertThat(tracker.dialFailed(2, "/ip4/10.0.0.2/tcp/3610", "refused")).isEmpty();
    now.addAndGet(1_000);
    assertThat(tracker.dialFailed(2, "/ip4/10.0.0.2/tcp/3610", "refused")).isPresent();
    assertThat(peer(0).path("last_error").asText())
        .isEqualTo("dial /ip4/10.0.0.2/tcp/3610: refused");

    assertThat(tracker.connected(2))
        .contains("peer 'bob' (operator 2, 16Uiu2Bob) is reachable again");
    assertThat(peer(0).path("connected").asBoolean()).isTrue();
    assertThat(peer(0).path("last_error").asText()).isEmpty();
  }

  @Test
  void aPeerWithAnotherLockHashIsNamedOnceAndShownAsNotMatching() {
    final List<String> first =
        tracker.peerInfo(3, new PeerInfo("dvc/9", OTHER, 0), Optional.empty());
    final List<String> again =
        tracker.peerInfo(3, new PeerInfo("dvc/9", OTHER, 0), Optional.empty());

    assertThat(first)
        .containsExactly(
            "peer 'carol' (operator 3, 16Uiu2Carol) runs another cluster lock: lock hash "
                + OTHER
                + ", this node "
                + OWN
                + " (every operator must run the same cluster-lock.json)");
    assertThat(again).isEmpty();
    assertThat(peer(1).path("lock_hash_matches").asBoolean()).isFalse();
    assertThat(peer(1).path("version").asText()).isEqualTo("dvc/9");
    assertThat(tracker.peerInfo(2, new PeerInfo("dvc/1", OWN, 0), Optional.empty())).isEmpty();
    assertThat(peer(0).path("lock_hash_matches").asBoolean()).isTrue();
  }

  @Test
  void clockOffsetAboveTwoHundredMillisecondsBeyondTheRoundTripUncertaintyIsAWarning() {
    // Asked at 1000, answered at 1020 (RTT 20 ms), the peer said its clock read 1260: +250 ms.
    final List<String> warned =
        tracker.peerInfo(2, new PeerInfo("v", OWN, 1260), Optional.of(new long[] {1000, 1020}));
    final List<String> repeated =
        tracker.peerInfo(2, new PeerInfo("v", OWN, 1260), Optional.of(new long[] {1000, 1020}));

    assertThat(warned)
        .containsExactly(
            "clock offset to peer 'bob' (operator 2, 16Uiu2Bob) is 250 ms (more than 200 ms;"
                + " check NTP on both machines)");
    assertThat(repeated).isEmpty();
    assertThat(peer(0).path("clock_offset_ms").asLong()).isEqualTo(250);
  }

  @Test
  void anOffsetThatASlowRoundTripCouldExplainIsNoWarning() {
    // RTT 200 ms: the peer's clock reading could be anywhere in a 200 ms window.
    assertThat(
            tracker.peerInfo(2, new PeerInfo("v", OWN, 1350), Optional.of(new long[] {1000, 1200})))
        .isEmpty();
    assertThat(peer(0).path("clock_offset_ms").asLong()).isEqualTo(250);
  }

  @Test
  void snapshotShowsConnectionStateSinceWhenRttAndLastMessage() {
    tracker.connected(2);
    tracker.rtt(2, 7);
    now.addAndGet(500);
    tracker.messageReceived(2);
    now.addAndGet(1500);

    assertThat(peer(0).path("connected").asBoolean()).isTrue();
    assertThat(peer(0).path("since_ms").asLong()).isEqualTo(2000);
    assertThat(peer(0).path("rtt_ms").asLong()).isEqualTo(7);
    assertThat(peer(0).path("last_message_ms_ago").asLong()).isEqualTo(1500);
    assertThat(peer(1).path("connected").asBoolean()).isFalse();
    assertThat(peer(1).path("rtt_ms").isNull()).isTrue();

    tracker.disconnected(2, "connection reset");
    assertThat(peer(0).path("connected").asBoolean()).isFalse();
    assertThat(peer(0).path("since_ms").asLong()).isZero();
    assertThat(peer(0).path("rtt_ms").isNull()).isTrue();
    assertThat(peer(0).path("last_error").asText()).isEqualTo("disconnected: connection reset");
  }
}
