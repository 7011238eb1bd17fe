package io.dvc.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.crypto.PeerPublicKey;
import io.dvc.p2p.messaging.LengthPrefixedDecoder;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.p2p.multistream.MultistreamNegotiator;
import io.dvc.p2p.noise.NoiseHandshakePayload;
import io.dvc.p2p.noise.NoiseXXHandshake;
import io.dvc.p2p.protocol.IdentifyMessage;
import io.dvc.p2p.util.MalformedInputException;
import io.dvc.p2p.yamux.YamuxFrame;
import io.dvc.p2p.yamux.YamuxFrameCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random and truncated bytes into every decoder: the only failure allowed is {@link
 * MalformedInputException}, which the connection handlers turn into a clean close.
 */
class DecoderFuzzProperties {
  @net.jqwik.api.lifecycle.AfterContainer
  static void noBufferLeaks() throws InterruptedException {
    io.dvc.p2p.testing.LeakTracker.assertNoLeaks();
  }

  private static final NodeKey ALICE = NodeKey.generate(new SecureRandom());
  private static final NodeKey BOB = NodeKey.generate(new SecureRandom());

  private static void onlyMalformed(final Runnable r) {
    try {
      r.run();
    } catch (final MalformedInputException expected) {
      // the one allowed failure
    }
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
  }

  @Property(tries = 500)
  void multistreamNegotiatorNeverThrows(
      @ForAll("bytes") final byte[] input,
      @ForAll final boolean initiator,
      @ForAll @IntRange(min = 1, max = 50) final int chunk) {
    final MultistreamNegotiator n =
        initiator
            ? MultistreamNegotiator.initiator(List.of("/noise"))
            : MultistreamNegotiator.listener(Set.of("/noise"));
    n.start();
    final ByteBuf acc = Unpooled.buffer();
    for (int off = 0;
        off < input.length && n.status() == MultistreamNegotiator.Status.IN_PROGRESS;
        off += chunk) {
      acc.writeBytes(input, off, Math.min(chunk, input.length - off));
      n.feed(acc);
    }
    acc.release();
  }

  @Property(tries = 300)
  void multistreamPrefixOfAValidExchangeNeverFailsButNeverSelects(
      @ForAll @IntRange(min = 0, max = 27) final int cut) {
    final byte[] valid = MultistreamNegotiator.initiator(List.of("/noise")).start();
    final MultistreamNegotiator listener = MultistreamNegotiator.listener(Set.of("/noise"));
    final ByteBuf in = Unpooled.wrappedBuffer(Arrays.copyOf(valid, Math.min(cut, valid.length)));
    final var step = listener.feed(in);
    assertThat(step.status())
        .isEqualTo(
            cut >= valid.length
                ? MultistreamNegotiator.Status.SELECTED
                : MultistreamNegotiator.Status.IN_PROGRESS);
    in.release();
  }

  @Property(tries = 500)
  void lengthPrefixedDecoderOnlyRejectsMalformed(@ForAll("bytes") final byte[] input) {
    onlyMalformed(
        () -> {
          final ByteBuf b = Unpooled.wrappedBuffer(input);
          try {
            new LengthPrefixedDecoder(64).feed(b);
          } finally {
            b.release();
          }
        });
  }

  @Property(tries = 500)
  void protobufDecodersOnlyRejectsMalformed(@ForAll("bytes") final byte[] input) {
    onlyMalformed(() -> IdentifyMessage.decode(input));
    onlyMalformed(() -> NoiseHandshakePayload.decode(input));
    onlyMalformed(() -> PeerPublicKey.fromProtobuf(input));
    onlyMalformed(() -> PeerId.fromBytes(input));
    onlyMalformed(() -> Multiaddr.fromBytes(input));
  }

  @Property(tries = 300)
  void truncatedProtobufsOnlyRejectsMalformed(@ForAll @IntRange(min = 0, max = 200) final int cut) {
    final byte[] full =
        new IdentifyMessage(
                "ipfs/0.1.0",
                "dvc",
                ALICE.publicKey().toProtobuf(),
                List.of(Multiaddr.fromString("/ip4/1.2.3.4/tcp/5")),
                java.util.Optional.empty(),
                List.of("/ipfs/id/1.0.0"))
            .encode();
    final byte[] truncated = Arrays.copyOf(full, Math.min(cut, full.length));
    onlyMalformed(
        () -> {
          final IdentifyMessage m = IdentifyMessage.decode(truncated);
          assertThat(m.peerId()).isEqualTo(ALICE.peerId());
        });
  }

  @Property(tries = 500)
  void yamuxCodecOnlyRejectsMalformed(@ForAll("bytes") final byte[] input) {
    final ByteBuf in = Unpooled.wrappedBuffer(input);
    onlyMalformed(
        () -> {
          YamuxFrame f;
          while ((f = YamuxFrameCodec.decode(in, 1024)) != null) {
            if (f.data() != null) {
              f.data().release();
            }
          }
        });
    in.release();
  }

  @Property(tries = 200)
  void noiseHandshakeRejectsRandomMessages(@ForAll @Size(max = 400) final byte[] input) {
    onlyMalformed(() -> NoiseXXHandshake.responder(BOB).readMessage(input));
    final NoiseXXHandshake i = NoiseXXHandshake.initiator(ALICE, null);
    i.writeMessage();
    onlyMalformed(() -> i.readMessage(input));
  }

  @Property(tries = 100)
  void noiseHandshakeRejectsTruncatedAndFlippedMessages(
      @ForAll @IntRange(min = 0, max = 400) final int cut,
      @ForAll @IntRange(min = 0, max = 399) final int flip) {
    final NoiseXXHandshake i = NoiseXXHandshake.initiator(ALICE, BOB.peerId());
    final NoiseXXHandshake r = NoiseXXHandshake.responder(BOB);
    r.readMessage(i.writeMessage());
    final byte[] m2 = r.writeMessage();
    final byte[] bad = Arrays.copyOf(m2, Math.min(cut, m2.length));
    if (bad.length == m2.length) {
      bad[flip % bad.length] ^= 0x40;
    }
    final Consumer<byte[]> read = i::readMessage;
    boolean failed = false;
    try {
      read.accept(bad);
    } catch (final MalformedInputException e) {
      failed = true;
    }
    assertThat(failed).as("a damaged message 2 must not authenticate").isTrue();
  }
}
