package io.dvc.p2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided: a hostile peer's bytes into multistream-select, in either role, arriving in
 * chunks of any size. The negotiator never throws (a failure is a FAILED step with a reason), never
 * leaves FAILED or SELECTED, selects only a protocol it offered or supports, consumes nothing past
 * the selection, and answers with a bounded number of bytes.
 */
class MultistreamFuzzTest {
  private static final Set<String> SUPPORTED = Set.of("/noise", "/yamux/1.0.0");
  private static final List<String> PROPOSED = List.of("/tls/1.0.0", "/noise");

  @FuzzTest
  void hostileNegotiation(final byte[] input) {
    if (input.length == 0) {
      return;
    }
    final boolean initiator = (input[0] & 1) == 1;
    final int chunk = 1 + ((input[0] & 0xFF) >>> 1);
    final MultistreamNegotiator n =
        initiator
            ? MultistreamNegotiator.initiator(PROPOSED)
            : MultistreamNegotiator.listener(SUPPORTED);
    n.start();
    final ByteBuf acc = Unpooled.buffer();
    long sent = 0;
    try {
      for (int off = 1; off < input.length; off += chunk) {
        final MultistreamNegotiator.Status before = n.status();
        acc.writeBytes(input, off, Math.min(chunk, input.length - off));
        final int readable = acc.readableBytes();
        final MultistreamNegotiator.Step step = n.feed(acc);
        sent += step.toSend().length;
        assertThat(step.status()).isEqualTo(n.status());
        if (before != MultistreamNegotiator.Status.IN_PROGRESS) {
          assertThat(step.status()).isEqualTo(before);
          assertThat(step.toSend()).isEmpty();
          assertThat(acc.readableBytes()).isEqualTo(readable);
        }
        switch (step.status()) {
          case FAILED -> assertThat(step.failure()).isNotBlank().doesNotContain("\n");
          case SELECTED -> {
            if (before == MultistreamNegotiator.Status.IN_PROGRESS) {
              assertThat(initiator ? PROPOSED : SUPPORTED).contains(step.protocol());
            }
          }
          case IN_PROGRESS -> assertThat(step.failure()).isNull();
        }
      }
      // every answer is at most one message per inbound message, and messages are bounded
      final long maxMessages = MultistreamNegotiator.MAX_PROPOSALS + 2L;
      assertThat(sent)
          .isLessThanOrEqualTo(maxMessages * (MultistreamNegotiator.MAX_MESSAGE_LENGTH + 2));
    } finally {
      acc.release();
    }
  }
}
