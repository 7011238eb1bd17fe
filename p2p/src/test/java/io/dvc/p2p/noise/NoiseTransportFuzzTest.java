package io.dvc.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvc.p2p.testing.LeakTracker;
import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided: Noise transport frames from a peer, mixing frames sealed with the session key
 * and raw bytes, split at any point, through {@link NoiseFrameDecoder} in a Netty pipeline.
 *
 * <p>Contract: the decoder emits exactly the authentic plaintexts, in order, and nothing after the
 * first forged byte; its only failure is a {@link MalformedInputException}; no buffer leaks.
 */
class NoiseTransportFuzzTest {
  private static final byte[] KEY = new byte[32];

  @AfterAll
  static void noLeaks() throws InterruptedException {
    LeakTracker.assertNoLeaks();
  }

  @FuzzTest
  void hostileFrames(final FuzzedDataProvider data) {
    final CipherState sender = new CipherState(KEY);
    final EmbeddedChannel channel =
        new EmbeddedChannel(new NoiseFrameDecoder(new CipherState(KEY)));
    final List<byte[]> authentic = new ArrayList<>();
    int authenticBeforeForgery = -1;
    boolean failed = false;
    try {
      while (data.remainingBytes() > 0 && !failed) {
        final ByteBuf chunk;
        if (data.consumeBoolean()) {
          final byte[] plain = data.consumeBytes(data.consumeInt(0, 300));
          final byte[] sealed = sender.encryptWithAd(new byte[0], plain);
          if (plain.length > 0) {
            authentic.add(plain);
          }
          chunk = Unpooled.buffer().writeShort(sealed.length).writeBytes(sealed);
        } else {
          final byte[] raw = data.consumeBytes(data.consumeInt(0, 300));
          if (raw.length > 0 && authenticBeforeForgery < 0) {
            authenticBeforeForgery = authentic.size();
          }
          chunk = Unpooled.wrappedBuffer(raw);
        }
        failed = !write(channel, chunk);
      }
      final List<byte[]> emitted = new ArrayList<>();
      for (Object o = channel.readInbound(); o != null; o = channel.readInbound()) {
        final ByteBuf b = (ByteBuf) o;
        final byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        emitted.add(bytes);
      }
      assertThat(emitted.size()).isLessThanOrEqualTo(authentic.size());
      if (authenticBeforeForgery >= 0) {
        assertThat(emitted.size()).isLessThanOrEqualTo(authenticBeforeForgery);
      }
      for (int i = 0; i < emitted.size(); i++) {
        assertThat(Arrays.equals(emitted.get(i), authentic.get(i))).isTrue();
      }
    } finally {
      try {
        channel.finishAndReleaseAll();
      } catch (final DecoderException e) {
        // on close the decoder judges its leftover bytes once more: the same allowed failure
        assertThat(e.getCause()).isInstanceOf(MalformedInputException.class);
        channel.releaseInbound();
      }
      sender.destroy();
    }
  }

  /** Writes a chunk; false after the decoder refused the stream (the one allowed failure). */
  private static boolean write(final EmbeddedChannel channel, final ByteBuf chunk) {
    try {
      channel.writeInbound(chunk);
      channel.checkException();
      return true;
    } catch (final DecoderException e) {
      assertThat(e.getCause()).isInstanceOf(MalformedInputException.class);
      return false;
    }
  }
}
