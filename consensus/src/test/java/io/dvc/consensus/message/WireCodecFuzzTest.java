package io.dvc.consensus.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvc.consensus.ValueHasher;
import java.util.List;

/**
 * Coverage-guided: QBFT wire messages from a peer through {@link WireCodec#decode}, with limits
 * small enough that the fuzzer reaches them.
 *
 * <p>Contract: the only failure is {@link WireFormatException} with a one-line reason; whatever is
 * accepted is within every limit (value size, justifications, signature size) and is exactly the
 * canonical encoding of what was decoded, so two peers never disagree about a message's bytes.
 */
class WireCodecFuzzTest {
  private static final WireLimits LIMITS = new WireLimits(256, 4, 96);
  private static final WireCodec CODEC = new WireCodec(LIMITS, ValueHasher.SHA256);

  @FuzzTest
  void hostileMessage(final byte[] input) {
    final QbftMessage message;
    try {
      message = CODEC.decode(input);
    } catch (final WireFormatException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
      return;
    }
    assertThat(CODEC.encode(message)).isEqualTo(input);
    assertThat(CODEC.encodedSize(message)).isEqualTo(input.length);
    if (message.value() != null) {
      assertThat(message.value().length()).isLessThanOrEqualTo(LIMITS.maxValueBytes());
    }
    for (final List<SignedPayload> list :
        List.of(message.roundChanges(), message.prepares(), message.commits())) {
      assertThat(list.size()).isLessThanOrEqualTo(LIMITS.maxJustification());
      list.forEach(WireCodecFuzzTest::withinLimits);
    }
    withinLimits(message.signed());
  }

  private static void withinLimits(final SignedPayload signed) {
    assertThat(signed.signature().length).isBetween(1, LIMITS.maxSignatureBytes());
    assertThat(signed.encoded()).isEqualTo(signed.payload().encode());
  }
}
