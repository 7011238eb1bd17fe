package io.dvc.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.p2p.P2PLimits;
import io.dvc.p2p.P2PStream;
import io.dvc.p2p.ProtocolHandler;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multistream.MultistreamNegotiator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The yamux session against a scripted peer (we play the dialer's side, frame by frame). */
class YamuxSessionTest {
  @org.junit.jupiter.api.AfterAll
  static void noBufferLeaks() throws InterruptedException {
    io.dvc.p2p.testing.LeakTracker.assertNoLeaks();
  }

  private static final int WINDOW = 256 * 1024;
  private final AtomicReference<String> closedReason = new AtomicReference<>();
  private final List<P2PStream> accepted = new ArrayList<>();
  private EmbeddedChannel ch;
  private YamuxSession session;

  @BeforeEach
  void setUp() {
    final ProtocolHandler sink =
        s -> {
          accepted.add(s);
          s.setListener((st, data) -> {});
        };
    session =
        new YamuxSession(
            false,
            NodeKey.generate(new SecureRandom()).peerId(),
            new P2PLimits(1024, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), WINDOW, 1 << 20),
            new YamuxSession.Host() {
              @Override
              public Set<String> protocols() {
                return Set.of("/sink", "/hold");
              }

              @Override
              public ProtocolHandler handlerFor(final String protocol) {
                // "/hold" never sets a listener: its data stays undelivered and is not credited
                return "/sink".equals(protocol)
                    ? sink
                    : "/hold".equals(protocol) ? accepted::add : null;
              }

              @Override
              public void onReady(final YamuxSession s) {}

              @Override
              public void onClosed(final YamuxSession s, final String reason) {
                closedReason.set(reason);
              }
            });
    ch = new EmbeddedChannel(session);
    ch.writeInbound(
        Unpooled.wrappedBuffer(
            MultistreamNegotiator.initiator(List.of(YamuxSession.PROTOCOL_ID)).start()));
    drainOutbound();
  }

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
  }

  private List<YamuxFrame> drainOutbound() {
    ch.runPendingTasks();
    final ByteBuf all = Unpooled.buffer();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      all.writeBytes(b);
      b.release();
    }
    final List<YamuxFrame> frames = new ArrayList<>();
    // the muxer negotiation answer (header + "/yamux/1.0.0") precedes the first frames
    if (all.isReadable() && all.getByte(all.readerIndex()) == 0x13) {
      final var dialer = MultistreamNegotiator.initiator(List.of(YamuxSession.PROTOCOL_ID));
      dialer.start();
      assertThat(dialer.feed(all).status()).isEqualTo(MultistreamNegotiator.Status.SELECTED);
    }
    YamuxFrame f;
    while (all.isReadable() && (f = YamuxFrameCodec.decode(all, Long.MAX_VALUE)) != null) {
      frames.add(f);
      if (f.data() != null) {
        f.data().release();
      }
    }
    all.release();
    return frames;
  }

  private void send(
      final int type, final int flags, final int stream, final long length, final byte[] data) {
    final ByteBuf b = Unpooled.buffer();
    YamuxFrameCodec.writeHeader(b, type, flags, stream, data == null ? length : data.length);
    if (data != null) {
      b.writeBytes(data);
    }
    ch.writeInbound(b);
    ch.runPendingTasks();
  }

  private void openSinkStream(final int id) {
    openStream(id, "/sink");
  }

  private void openStream(final int id, final String protocol) {
    send(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, 0, null);
    send(
        YamuxFrame.TYPE_DATA, 0, id, 0, MultistreamNegotiator.initiator(List.of(protocol)).start());
  }

  @Test
  void answersPingsWithTheSameOpaqueValue() {
    send(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 0xCAFEL, null);
    assertThat(drainOutbound())
        .anySatisfy(
            f -> {
              assertThat(f.type()).isEqualTo(YamuxFrame.TYPE_PING);
              assertThat(f.hasFlag(YamuxFrame.FLAG_ACK)).isTrue();
              assertThat(f.length()).isEqualTo(0xCAFEL);
            });
  }

  @Test
  void acceptsAStreamWithAckAndHandsItToTheProtocolHandler() {
    openSinkStream(1);
    final List<YamuxFrame> out = drainOutbound();
    assertThat(out)
        .anySatisfy(
            f -> {
              assertThat(f.streamId()).isEqualTo(1);
              assertThat(f.hasFlag(YamuxFrame.FLAG_ACK)).isTrue();
            });
    assertThat(accepted).hasSize(1);
    assertThat(accepted.get(0).protocol()).isEqualTo("/sink");
  }

  @Test
  void resetsStreamsBeyondTheLimit() {
    openSinkStream(1);
    openSinkStream(3);
    drainOutbound();
    send(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 5, 0, null);
    assertThat(drainOutbound())
        .anySatisfy(
            f -> {
              assertThat(f.streamId()).isEqualTo(5);
              assertThat(f.hasFlag(YamuxFrame.FLAG_RST)).isTrue();
            });
    assertThat(ch.isOpen()).isTrue();
  }

  @Test
  void dataBeyondTheReceiveWindowIsAProtocolError() {
    openStream(1, "/hold");
    drainOutbound();
    send(YamuxFrame.TYPE_DATA, 0, 1, 0, new byte[WINDOW - 100]);
    assertThat(ch.isOpen()).isTrue();
    assertThat(drainOutbound())
        .noneMatch(f -> f.type() == YamuxFrame.TYPE_WINDOW_UPDATE && f.length() > 0);
    send(YamuxFrame.TYPE_DATA, 0, 1, 0, new byte[200]);
    assertThat(ch.isOpen()).isFalse();
    assertThat(closedReason.get()).contains("over a window");
  }

  @Test
  void streamsWithOurParityOrDuplicateSynAreProtocolErrors() {
    send(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 2, 0, null);
    assertThat(ch.isOpen()).isFalse();
    assertThat(closedReason.get()).contains("our parity");
  }

  @Test
  void writesWaitForWindowUpdates() {
    final CompletableFuture<P2PStream> opened = session.openStream("/sink");
    ch.runPendingTasks();
    drainOutbound();
    // the peer accepts: ACK, then the multistream answer on stream 2
    send(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK, 2, 0, null);
    final var listener = MultistreamNegotiator.listener(Set.of("/sink"));
    final ByteBuf answer =
        Unpooled.wrappedBuffer(
            listener.start(),
            listener
                .feed(
                    Unpooled.wrappedBuffer(
                        MultistreamNegotiator.initiator(List.of("/sink")).start()))
                .toSend());
    final byte[] answerBytes = new byte[answer.readableBytes()];
    answer.readBytes(answerBytes);
    answer.release();
    send(YamuxFrame.TYPE_DATA, 0, 2, 0, answerBytes);
    assertThat(opened).isCompleted();
    final P2PStream s = opened.join();
    final CompletableFuture<Void> big = s.write(new byte[WINDOW + 1000]);
    final long sent =
        drainOutbound().stream()
            .filter(f -> f.type() == YamuxFrame.TYPE_DATA)
            .mapToLong(YamuxFrame::length)
            .sum();
    assertThat(sent).isLessThanOrEqualTo(WINDOW);
    assertThat(big).isNotDone();
    send(YamuxFrame.TYPE_WINDOW_UPDATE, 0, 2, 64 * 1024, null);
    final long more =
        drainOutbound().stream()
            .filter(f -> f.type() == YamuxFrame.TYPE_DATA)
            .mapToLong(YamuxFrame::length)
            .sum();
    assertThat(sent + more).isGreaterThanOrEqualTo(WINDOW + 1000L);
    assertThat(big).isCompleted();
  }

  @Test
  void goAwayStopsNewStreams() {
    send(YamuxFrame.TYPE_GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_NORMAL, null);
    final CompletableFuture<P2PStream> opened = session.openStream("/sink");
    ch.runPendingTasks();
    assertThat(opened).isCompletedExceptionally();
  }
}
