package io.dvc.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Coverage-guided: yamux frames from a peer through {@link YamuxFrameCodec#decode}. Contract: it
 * returns null without consuming anything until a whole frame is there, otherwise consumes exactly
 * that frame (header, plus the payload of a data frame, never more than the limit); it accepts only
 * known versions, types and flags; its only failure is {@link MalformedInputException}.
 */
class YamuxFrameFuzzTest {
  private static final int KNOWN_FLAGS = 0xF;

  @FuzzTest
  void hostileFrames(final byte[] input) {
    if (input.length == 0) {
      return;
    }
    final long maxData = 1L + (input[0] & 0xFF) * 64L;
    final ByteBuf in = Unpooled.wrappedBuffer(input, 1, input.length - 1);
    try {
      while (true) {
        final int before = in.readerIndex();
        final int readable = in.readableBytes();
        final YamuxFrame frame;
        try {
          frame = YamuxFrameCodec.decode(in, maxData);
        } catch (final MalformedInputException e) {
          assertThat(e.getMessage()).startsWith("yamux: ");
          assertThat(in.readerIndex()).isEqualTo(before);
          return;
        }
        if (frame == null) {
          assertThat(in.readerIndex()).isEqualTo(before);
          if (readable >= YamuxFrame.HEADER_LENGTH) {
            assertThat((int) in.getUnsignedByte(before + 1)).isEqualTo(YamuxFrame.TYPE_DATA);
            assertThat(in.getUnsignedInt(before + 8) + YamuxFrame.HEADER_LENGTH)
                .isGreaterThan(readable);
          }
          return;
        }
        try {
          assertThat(frame.type()).isBetween(0, YamuxFrame.TYPE_GO_AWAY);
          assertThat(frame.flags() & ~KNOWN_FLAGS).isZero();
          if (frame.type() == YamuxFrame.TYPE_DATA) {
            assertThat(frame.length()).isLessThanOrEqualTo(maxData);
            assertThat((long) frame.data().readableBytes()).isEqualTo(frame.length());
            assertThat((long) in.readerIndex() - before)
                .isEqualTo(YamuxFrame.HEADER_LENGTH + frame.length());
          } else {
            assertThat(frame.data()).isNull();
            assertThat(in.readerIndex() - before).isEqualTo(YamuxFrame.HEADER_LENGTH);
          }
        } finally {
          if (frame.data() != null) {
            frame.data().release();
          }
        }
      }
    } finally {
      in.release();
    }
  }
}
