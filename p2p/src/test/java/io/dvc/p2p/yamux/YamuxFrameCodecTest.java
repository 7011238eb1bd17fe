package io.dvc.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.bytes.Hex;
import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class YamuxFrameCodecTest {
  @Test
  void decodesAHeaderInNetworkOrder() {
    // version 0, type 1 (window update), flags SYN|ACK, stream 3, delta 0x00010000
    final ByteBuf in = Unpooled.wrappedBuffer(Hex.decode("000100030000000300010000"));
    final YamuxFrame f = YamuxFrameCodec.decode(in, 1 << 20);
    assertThat(f.type()).isEqualTo(YamuxFrame.TYPE_WINDOW_UPDATE);
    assertThat(f.hasFlag(YamuxFrame.FLAG_SYN)).isTrue();
    assertThat(f.hasFlag(YamuxFrame.FLAG_ACK)).isTrue();
    assertThat(f.streamId()).isEqualTo(3);
    assertThat(f.length()).isEqualTo(65536);
    assertThat(f.data()).isNull();
    in.release();
  }

  @Test
  void waitsForTheWholeDataFrame() {
    final ByteBuf in = Unpooled.buffer(16).writeBytes(Hex.decode("0000000000000005000000036162"));
    assertThat(YamuxFrameCodec.decode(in, 1 << 20)).isNull();
    assertThat(in.readerIndex()).isZero();
    in.writeByte(0x63);
    final YamuxFrame f = YamuxFrameCodec.decode(in, 1 << 20);
    assertThat(f.data().toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("abc");
    f.data().release();
    in.release();
  }

  @Test
  void encodesWhatItDecodes() {
    final ByteBuf out = Unpooled.buffer();
    YamuxFrameCodec.writeHeader(out, YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 0xFFFFFFFFL);
    assertThat(Hex.encodeBare(out.array()).substring(0, 24))
        .isEqualTo("00020001" + "00000000" + "ffffffff");
    final YamuxFrame f = YamuxFrameCodec.decode(out, 0);
    assertThat(f.length()).isEqualTo(0xFFFFFFFFL);
    out.release();
  }

  @Test
  void rejectsBadVersionTypeFlagsAndOversizedData() {
    assertThatThrownBy(
            () ->
                YamuxFrameCodec.decode(
                    Unpooled.wrappedBuffer(Hex.decode("010000000000000100000000")), 10))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(
            () ->
                YamuxFrameCodec.decode(
                    Unpooled.wrappedBuffer(Hex.decode("000400000000000100000000")), 10))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("type");
    assertThatThrownBy(
            () ->
                YamuxFrameCodec.decode(
                    Unpooled.wrappedBuffer(Hex.decode("000000100000000100000000")), 10))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("flags");
    assertThatThrownBy(
            () ->
                YamuxFrameCodec.decode(
                    Unpooled.wrappedBuffer(Hex.decode("00000000000000010000000b")), 10))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("exceeds");
  }
}
