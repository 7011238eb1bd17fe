package io.dvc.p2p.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.bytes.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarintTest {
  /** Examples from the multiformats unsigned-varint spec. */
  @ParameterizedTest
  @CsvSource({"1,01", "127,7f", "128,8001", "255,ff01", "300,ac02", "16384,808001"})
  void specExamples(final long value, final String hex) {
    assertThat(Hex.encodeBare(Varint.encode(value))).isEqualTo(hex);
    final ByteBuf in = Unpooled.wrappedBuffer(Hex.decode(hex));
    assertThat(Varint.tryRead(in, 9)).isEqualTo(value);
    assertThat(in.isReadable()).isFalse();
  }

  @Property
  void roundTrips(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) final long value) {
    final byte[] enc = Varint.encode(value);
    assertThat(enc).hasSize(Varint.encodedLength(value));
    assertThat(Varint.read(enc, new int[] {0})).isEqualTo(value);
  }

  @Property
  void truncatedInputNeedsMore(
      @ForAll @LongRange(min = 128, max = Long.MAX_VALUE) final long value) {
    final byte[] enc = Varint.encode(value);
    final ByteBuf in = Unpooled.wrappedBuffer(enc, 0, enc.length - 1);
    assertThat(Varint.tryRead(in, 9)).isEqualTo(Varint.NEED_MORE);
    assertThat(in.readerIndex()).isZero();
  }

  @org.junit.jupiter.api.Test
  void rejectsNonMinimalAndOverlongEncodings() {
    assertThatThrownBy(() -> Varint.read(Hex.decode("8000"), new int[] {0}))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Varint.read(Hex.decode("ffffffffffffffffff01"), new int[] {0}))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Varint.tryRead(Unpooled.wrappedBuffer(Hex.decode("808001")), 2))
        .isInstanceOf(MalformedInputException.class);
  }
}
