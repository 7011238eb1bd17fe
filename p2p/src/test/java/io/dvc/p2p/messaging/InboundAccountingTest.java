package io.dvc.p2p.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The per-peer inbound bounds on a manual clock. */
class InboundAccountingTest {
  private static final PeerId FLOODER = NodeKey.generate(new SecureRandom(new byte[] {1})).peerId();
  private static final PeerId HONEST = NodeKey.generate(new SecureRandom(new byte[] {2})).peerId();
  private long now;

  @Test
  void aPeerOverItsRateLosesItsOwnMessagesWhileAnotherPeerIsUnaffected() {
    final InboundAccounting accounting =
        new InboundAccounting(new InboundLimits(1_000, 1 << 20, 10, 5), () -> now);
    int admitted = 0;
    for (int i = 0; i < 100; i++) {
      if (accounting.admit(FLOODER, "/p", 10)) {
        admitted++;
        accounting.handled(FLOODER, 10);
      }
    }
    assertThat(admitted).as("the burst").isEqualTo(5);
    assertThat(accounting.dropped(FLOODER)).isEqualTo(95);
    assertThat(accounting.admit(HONEST, "/p", 10)).isTrue();
    assertThat(accounting.droppedPerPeer()).containsOnlyKeys(FLOODER);

    now += 500_000_000L; // half a second refills 5 tokens at 10/s
    admitted = 0;
    for (int i = 0; i < 100; i++) {
      if (accounting.admit(FLOODER, "/p", 10)) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void messagesWaitingForTheHandlerAreBoundedInCountAndBytesPerPeer() {
    final InboundAccounting accounting =
        new InboundAccounting(
            new InboundLimits(3, 1_000, Double.MAX_VALUE, Integer.MAX_VALUE), () -> now);
    assertThat(accounting.admit(FLOODER, "/p", 400)).isTrue();
    assertThat(accounting.admit(FLOODER, "/p", 400)).isTrue();
    assertThat(accounting.admit(FLOODER, "/p", 400)).as("1,200 bytes > 1,000").isFalse();
    assertThat(accounting.admit(FLOODER, "/p", 100)).isTrue();
    assertThat(accounting.admit(FLOODER, "/p", 1)).as("3 messages waiting").isFalse();
    accounting.handled(FLOODER, 400);
    assertThat(accounting.admit(FLOODER, "/p", 1)).as("one left the queue").isTrue();
    assertThat(accounting.dropped(FLOODER)).isEqualTo(2);
  }
}
