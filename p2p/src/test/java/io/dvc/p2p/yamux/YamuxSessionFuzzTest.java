package io.dvc.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvc.p2p.P2PLimits;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.ProtocolHandler;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multistream.MultistreamNegotiator;
import io.dvc.p2p.protocol.PingProtocol;
import io.dvc.p2p.testing.LeakTracker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided: a hostile dialer's yamux traffic (after a valid muxer negotiation) into a
 * listening {@link YamuxSession} whose host serves ping ({@code /ipfs/ping/1.0.0}, an echo), a sink
 * and a handler that never reads (the first byte sets how the bytes are split into reads). Streams
 * are opened, negotiated with multistream-select, written to, half-closed and reset in any order,
 * with any flags, windows and pings.
 *
 * <p>Contract: no exception leaves the pipeline; a protocol violation closes the connection once,
 * with a reason that is a protocol error (never an "internal error", which would be a bug); what
 * the session writes back is bounded by what it received; no buffer leaks.
 */
class YamuxSessionFuzzTest {
  private static final PeerId DIALER = NodeKey.generate(new SecureRandom()).peerId();
  private static final byte[] NEGOTIATION =
      MultistreamNegotiator.initiator(List.of(YamuxSession.PROTOCOL_ID)).start();

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakTracker.assertNoLeaks();
  }

  @FuzzTest
  void hostileDialer(final byte[] input) {
    if (input.length == 0) {
      return;
    }
    final int chunkSize = 1 + (input[0] & 0xFF) * 2;
    final AtomicReference<String> reason = new AtomicReference<>();
    final AtomicInteger closes = new AtomicInteger();
    final ProtocolHandler ping = PingProtocol.handler();
    final ProtocolHandler sink = s -> s.setListener((st, d) -> {});
    final ProtocolHandler hold = s -> {};
    final YamuxSession session =
        new YamuxSession(
            false,
            DIALER,
            new P2PLimits(
                1024, 4, Duration.ofSeconds(5), Duration.ofSeconds(30), 256 * 1024, 1 << 16),
            new YamuxSession.Host() {
              @Override
              public Set<String> protocols() {
                return Set.of(PingProtocol.PROTOCOL_ID, "/sink", "/hold");
              }

              @Override
              public ProtocolHandler handlerFor(final String protocol) {
                return switch (protocol) {
                  case PingProtocol.PROTOCOL_ID -> ping;
                  case "/sink" -> sink;
                  case "/hold" -> hold;
                  default -> null;
                };
              }

              @Override
              public void onReady(final YamuxSession s) {}

              @Override
              public void onClosed(final YamuxSession s, final String why) {
                closes.incrementAndGet();
                reason.set(why);
              }
            });
    final EmbeddedChannel channel = new EmbeddedChannel(session);
    long received = NEGOTIATION.length;
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(NEGOTIATION));
      final long negotiationReply = drain(channel);
      long sent = 0;
      for (int off = 1; off < input.length && channel.isOpen(); off += chunkSize) {
        final int n = Math.min(chunkSize, input.length - off);
        received += n;
        channel.writeInbound(Unpooled.wrappedBuffer(input, off, n));
        channel.runPendingTasks();
        channel.checkException();
        sent += drain(channel);
      }
      channel.runPendingTasks();
      channel.checkException();
      sent += drain(channel);
      assertThat(negotiationReply).isPositive();
      assertThat(closes.get()).isLessThanOrEqualTo(1);
      if (reason.get() != null) {
        assertThat(reason.get()).doesNotStartWith("internal error").doesNotContain("\n");
        assertThat(channel.isOpen()).isFalse();
      }
      // echoes, acknowledgements and window updates: a few frames per frame received at most
      assertThat(sent).isLessThanOrEqualTo(4 * received + 4096);
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static long drain(final EmbeddedChannel channel) {
    long n = 0;
    for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
      final ByteBuf b = (ByteBuf) o;
      n += b.readableBytes();
      b.release();
    }
    return n;
  }
}
