package io.dvc.p2p.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentSendsTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String QBFT = "/q";
  private static final String OTHER = "/o";
  private static final long SECOND = 1_000_000_000L;
  private final PeerId peer = NodeKey.generate(RANDOM).peerId();
  private final PeerId otherPeer = NodeKey.generate(RANDOM).peerId();

  private static byte[] bytes(final int n) {
    return new byte[] {(byte) n};
  }

  private static List<Integer> firstBytes(final List<RecentSends.Sent<String>> sent) {
    return sent.stream().map(s -> (int) s.framed()[0]).toList();
  }

  @Test
  void messagesOnAStalledConnectionGoAgainOnTheNewOneOnceOldestFirst() {
    final RecentSends<String> recent = new RecentSends<>(Set.of(QBFT), 3 * SECOND, 100, 1 << 20);
    recent.record(peer, QBFT, bytes(1), "a", 0);
    recent.record(peer, QBFT, bytes(2), "a", 1);
    recent.record(otherPeer, QBFT, bytes(9), "c", 1);

    final List<RecentSends.Sent<String>> again = recent.moveTo(peer, "b", c -> c.equals("a"), 2);

    assertThat(firstBytes(again)).containsExactly(1, 2);
    assertThat(recent.moveTo(peer, "b", c -> c.equals("a"), 3)).isEmpty();
    assertThat(recent.moveTo(peer, "d", c -> c.equals("b"), 4))
        .as("the new connection stalls too: they go again on a third")
        .hasSize(2);
  }

  @Test
  void nothingGoesAgainWhileTheConnectionIsUsable() {
    final RecentSends<String> recent = new RecentSends<>(Set.of(QBFT), 3 * SECOND, 100, 1 << 20);
    recent.record(peer, QBFT, bytes(1), "a", 0);

    assertThat(recent.moveTo(peer, "a", c -> true, 1)).as("same connection").isEmpty();
    assertThat(recent.moveTo(peer, "b", c -> false, 1)).as("old one still usable").isEmpty();
  }

  @Test
  void onlyTheChosenProtocolsAreKept() {
    final RecentSends<String> recent = new RecentSends<>(Set.of(QBFT), 3 * SECOND, 100, 1 << 20);
    recent.record(peer, OTHER, bytes(1), "a", 0);

    assertThat(recent.covers(OTHER)).isFalse();
    assertThat(recent.moveTo(peer, "b", c -> true, 1)).isEmpty();
    assertThat(recent.peers()).isEmpty();
  }

  @Test
  void messagesOlderThanTheWindowAreForgotten() {
    final RecentSends<String> recent = new RecentSends<>(Set.of(QBFT), 3 * SECOND, 100, 1 << 20);
    recent.record(peer, QBFT, bytes(1), "a", 0);
    recent.record(peer, QBFT, bytes(2), "a", 2 * SECOND);

    assertThat(firstBytes(recent.moveTo(peer, "b", c -> true, 4 * SECOND))).containsExactly(2);
    recent.moveTo(peer, "b", c -> true, 10 * SECOND);
    assertThat(recent.peers()).isEmpty();
  }

  @Test
  void eachPeerKeepsAtMostItsCountAndBytes() {
    final RecentSends<String> byCount = new RecentSends<>(Set.of(QBFT), 3 * SECOND, 3, 1 << 20);
    for (int i = 0; i < 10; i++) {
      byCount.record(peer, QBFT, bytes(i), "a", i);
    }
    assertThat(firstBytes(byCount.moveTo(peer, "b", c -> true, 20))).containsExactly(7, 8, 9);

    final RecentSends<String> byBytes = new RecentSends<>(Set.of(QBFT), 3 * SECOND, 100, 250);
    byBytes.record(peer, QBFT, new byte[300], "a", 0);
    for (int i = 0; i < 3; i++) {
      final byte[] m = new byte[100];
      m[0] = (byte) i;
      byBytes.record(peer, QBFT, m, "a", i + 1);
    }
    assertThat(firstBytes(byBytes.moveTo(peer, "b", c -> true, 20)))
        .as("a message over the cap is not kept; the oldest go first")
        .containsExactly(1, 2);
  }
}
