package io.dvc.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.p2p.P2PLimits;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.ProtocolHandler;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multistream.MultistreamNegotiator;
import io.dvc.p2p.noise.NoiseFrameDecoder;
import io.dvc.p2p.noise.NoiseFrameEncoder;
import io.dvc.p2p.noise.NoiseXXHandshake;
import io.dvc.p2p.transport.ConnectionUpgrader;
import io.dvc.p2p.yamux.YamuxFrame;
import io.dvc.p2p.yamux.YamuxFrameCodec;
import io.dvc.p2p.yamux.YamuxSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Hostile peers against whole connection pipelines (Netty EmbeddedChannel): random bytes before and
 * during the handshake, and random yamux traffic inside a valid Noise session. No exception may
 * escape the pipeline; invalid input closes the connection; buffers are released (run with paranoid
 * leak detection).
 */
class ConnectionFuzzProperties {
  @net.jqwik.api.lifecycle.AfterContainer
  static void noBufferLeaks() throws InterruptedException {
    io.dvc.p2p.testing.LeakTracker.assertNoLeaks();
  }

  private static final NodeKey ALICE = NodeKey.generate(new SecureRandom());
  private static final NodeKey BOB = NodeKey.generate(new SecureRandom());

  private static EmbeddedChannel upgraderChannel(final AtomicInteger failures) {
    return new EmbeddedChannel(
        new ConnectionUpgrader(
            io.dvc.p2p.noise.NoiseIdentity.create(BOB),
            false,
            null,
            Duration.ofSeconds(5),
            new ConnectionUpgrader.Listener() {
              @Override
              public ChannelHandler onSecured(
                  final ChannelHandlerContext ctx,
                  final PeerId remotePeer,
                  final boolean initiator) {
                return null;
              }

              @Override
              public void onFailed(final ChannelHandlerContext ctx, final String reason) {
                failures.incrementAndGet();
              }
            }));
  }

  @Property(tries = 300)
  void garbageBeforeTheHandshakeClosesTheConnection(
      @ForAll @Size(min = 1, max = 300) final byte[] input) {
    final AtomicInteger failures = new AtomicInteger();
    final EmbeddedChannel ch = upgraderChannel(failures);
    ch.writeInbound(Unpooled.wrappedBuffer(input));
    ch.checkException();
    // Garbage can never complete the handshake: at the latest the handshake timeout closes it.
    ch.advanceTimeBy(6, java.util.concurrent.TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    ch.checkException();
    assertThat(ch.isOpen()).isFalse();
    assertThat(failures).hasValue(1);
    ch.finishAndReleaseAll();
  }

  @Property(tries = 300)
  void garbageAfterSecurityNegotiationClosesOrWaits(@ForAll @Size(max = 400) final byte[] input) {
    final AtomicInteger failures = new AtomicInteger();
    final EmbeddedChannel ch = upgraderChannel(failures);
    final byte[] negotiation =
        MultistreamNegotiator.initiator(List.of(NoiseXXHandshake.PROTOCOL_ID)).start();
    ch.writeInbound(Unpooled.wrappedBuffer(negotiation));
    // a noise message: 2-byte length then random content (complete, so it must be judged)
    final ByteBuf m = Unpooled.buffer().writeShort(input.length).writeBytes(input);
    ch.writeInbound(m);
    ch.checkException();
    ch.advanceTimeBy(6, java.util.concurrent.TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    ch.checkException();
    assertThat(ch.isOpen()).isFalse();
    assertThat(failures).hasValue(1);
    ch.finishAndReleaseAll();
  }

  /** A responder-side secured session that a simulated initiator feeds through a real cipher. */
  private static final class SecuredPeer {
    final EmbeddedChannel channel;
    final io.dvc.p2p.noise.CipherState toSession;
    final AtomicInteger closed = new AtomicInteger();

    SecuredPeer() {
      final NoiseXXHandshake i = NoiseXXHandshake.initiator(ALICE, BOB.peerId());
      final NoiseXXHandshake r = NoiseXXHandshake.responder(BOB);
      r.readMessage(i.writeMessage());
      i.readMessage(r.writeMessage());
      r.readMessage(i.writeMessage());
      final var ri = i.result();
      final var rr = r.result();
      toSession = ri.sender();
      final ProtocolHandler echo = s -> s.setListener((st, data) -> st.write(data.retain()));
      final YamuxSession session =
          new YamuxSession(
              false,
              ALICE.peerId(),
              limits(),
              new YamuxSession.Host() {
                @Override
                public Set<String> protocols() {
                  return Set.of("/echo");
                }

                @Override
                public ProtocolHandler handlerFor(final String protocol) {
                  return "/echo".equals(protocol) ? echo : null;
                }

                @Override
                public void onReady(final YamuxSession s) {}

                @Override
                public void onClosed(final YamuxSession s, final String reason) {
                  closed.incrementAndGet();
                }
              });
      channel =
          new EmbeddedChannel(
              new NoiseFrameDecoder(rr.receiver()), new NoiseFrameEncoder(rr.sender()), session);
    }

    static P2PLimits limits() {
      return new P2PLimits(
          1024, 4, Duration.ofSeconds(5), Duration.ofSeconds(30), 256 * 1024, 1 << 20);
    }

    void sendPlain(final byte[] plain) {
      for (int off = 0; off < plain.length; off += NoiseFrameEncoder.MAX_PLAINTEXT) {
        final int n = Math.min(NoiseFrameEncoder.MAX_PLAINTEXT, plain.length - off);
        final byte[] chunk = java.util.Arrays.copyOfRange(plain, off, off + n);
        final byte[] ct = toSession.encryptWithAd(new byte[0], chunk);
        channel.writeInbound(Unpooled.buffer().writeShort(ct.length).writeBytes(ct));
        channel.runPendingTasks();
      }
    }
  }

  @Property(tries = 200)
  void unencryptedGarbageInsideTheSessionClosesIt(
      @ForAll @Size(min = 18, max = 300) final byte[] input) {
    final SecuredPeer peer = new SecuredPeer();
    final ByteBuf frame =
        Unpooled.buffer().writeShort(input.length - 2).writeBytes(input, 2, input.length - 2);
    peer.channel.writeInbound(frame);
    peer.channel.checkException();
    assertThat(peer.channel.isOpen()).isFalse();
    assertThat(peer.closed).hasValue(1);
    peer.channel.finishAndReleaseAll();
  }

  @Provide
  Arbitrary<byte[]> yamuxTraffic() {
    final Arbitrary<byte[]> frame =
        Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 15),
                Arbitraries.integers().between(0, 9),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.integers().between(0, 300_000))
            .as(
                (type, flags, stream, data, length) -> {
                  final ByteBuf b = Unpooled.buffer();
                  YamuxFrameCodec.writeHeader(
                      b,
                      type == 4 ? 9 : type,
                      flags,
                      stream,
                      type == YamuxFrame.TYPE_DATA ? data.length : length);
                  if (type == YamuxFrame.TYPE_DATA) {
                    b.writeBytes(data);
                  }
                  final byte[] out = new byte[b.readableBytes()];
                  b.readBytes(out);
                  b.release();
                  return out;
                });
    return frame
        .list()
        .ofMaxSize(20)
        .map(
            list -> {
              final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
              list.forEach(out::writeBytes);
              return out.toByteArray();
            });
  }

  @Property(tries = 300)
  void randomYamuxTrafficNeverEscapes(
      @ForAll("yamuxTraffic") final byte[] traffic,
      @ForAll @IntRange(min = 0, max = 40) final int truncate) {
    final SecuredPeer peer = new SecuredPeer();
    final byte[] negotiation =
        MultistreamNegotiator.initiator(List.of(YamuxSession.PROTOCOL_ID)).start();
    peer.sendPlain(negotiation);
    final byte[] cut = java.util.Arrays.copyOf(traffic, Math.max(0, traffic.length - truncate));
    if (cut.length > 0) {
      peer.sendPlain(cut);
    }
    peer.channel.runPendingTasks();
    peer.channel.checkException();
    peer.channel.finishAndReleaseAll();
    assertThat(peer.closed.get()).isLessThanOrEqualTo(1);
  }

  @Property(tries = 200)
  void randomPlaintextAfterMuxerNegotiationNeverEscapes(
      @ForAll @Size(max = 500) final byte[] plain) {
    final SecuredPeer peer = new SecuredPeer();
    peer.sendPlain(MultistreamNegotiator.initiator(List.of(YamuxSession.PROTOCOL_ID)).start());
    if (plain.length > 0) {
      peer.sendPlain(plain);
    }
    peer.channel.checkException();
    peer.channel.finishAndReleaseAll();
  }
}
