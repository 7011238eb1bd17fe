package io.dvc.p2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.bytes.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MultistreamNegotiatorTest {
  private static ByteBuf buf(final byte[] b) {
    return Unpooled.wrappedBuffer(b);
  }

  @Test
  void wireFormatIsVarintLengthThenTextAndNewline() {
    final byte[] start = MultistreamNegotiator.initiator(List.of("/noise")).start();
    // 0x13 = 19 = "/multistream/1.0.0\n", 0x07 = "/noise\n"
    assertThat(Hex.encodeBare(start))
        .isEqualTo(
            "13"
                + Hex.encodeBare("/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII))
                + "07"
                + Hex.encodeBare("/noise\n".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void initiatorFallsBackToItsSecondProposal() {
    final MultistreamNegotiator dialer = MultistreamNegotiator.initiator(List.of("/a", "/b"));
    final MultistreamNegotiator listener = MultistreamNegotiator.listener(Set.of("/b"));
    final ByteBuf toListener = buf(dialer.start());
    final ByteBuf toDialer = buf(listener.start());
    var l1 = listener.feed(toListener); // header + "/a" -> "na"
    assertThat(l1.status()).isEqualTo(MultistreamNegotiator.Status.IN_PROGRESS);
    toDialer.release();
    final ByteBuf replies = Unpooled.wrappedBuffer(listener.start(), l1.toSend());
    var d1 = dialer.feed(replies); // header, "na" -> proposes "/b"
    assertThat(d1.status()).isEqualTo(MultistreamNegotiator.Status.IN_PROGRESS);
    var l2 = listener.feed(buf(d1.toSend()));
    assertThat(l2.status()).isEqualTo(MultistreamNegotiator.Status.SELECTED);
    assertThat(l2.protocol()).isEqualTo("/b");
    var d2 = dialer.feed(buf(l2.toSend()));
    assertThat(d2.status()).isEqualTo(MultistreamNegotiator.Status.SELECTED);
    assertThat(d2.protocol()).isEqualTo("/b");
  }

  @Test
  void bytesAfterTheSelectionAreLeftForTheProtocol() {
    final MultistreamNegotiator listener = MultistreamNegotiator.listener(Set.of("/x"));
    final ByteBuf in =
        Unpooled.wrappedBuffer(
            MultistreamNegotiator.initiator(List.of("/x")).start(), new byte[] {9, 8, 7});
    assertThat(listener.feed(in).status()).isEqualTo(MultistreamNegotiator.Status.SELECTED);
    assertThat(in.readableBytes()).isEqualTo(3);
  }

  @Test
  void failsWhenNothingIsSupportedOrTheHeaderIsWrong() {
    final MultistreamNegotiator dialer = MultistreamNegotiator.initiator(List.of("/a"));
    final java.io.ByteArrayOutputStream na = new java.io.ByteArrayOutputStream();
    na.write(0x13);
    na.writeBytes("/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII));
    na.writeBytes(new byte[] {3, 'n', 'a', '\n'});
    assertThat(dialer.feed(buf(na.toByteArray())).status())
        .isEqualTo(MultistreamNegotiator.Status.FAILED);

    final MultistreamNegotiator listener = MultistreamNegotiator.listener(Set.of("/a"));
    final var step = listener.feed(buf(new byte[] {4, '/', 'm', 's', '\n'}));
    assertThat(step.status()).isEqualTo(MultistreamNegotiator.Status.FAILED);
    assertThat(step.failure()).contains("expected header");
  }

  @Test
  void listenerGivesUpAfterTooManyProposals() {
    final MultistreamNegotiator listener = MultistreamNegotiator.listener(Set.of("/never"));
    final ByteBuf in = Unpooled.buffer();
    in.writeBytes(MultistreamNegotiator.initiator(List.of("/p0")).start());
    for (int i = 1; i <= MultistreamNegotiator.MAX_PROPOSALS; i++) {
      final byte[] p = ("/p" + i + "\n").getBytes(StandardCharsets.US_ASCII);
      in.writeByte(p.length).writeBytes(p);
    }
    assertThat(listener.feed(in).status()).isEqualTo(MultistreamNegotiator.Status.FAILED);
  }
}
