package io.dvc.node.parsig;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided: a peer's signed partial-signature message through {@link
 * PartialSignatureCodec#decodeSigned} (protobuf framing, then each G2 point checked on the curve).
 *
 * <p>Contract: the only failure is the documented {@link IllegalArgumentException} with a one-line
 * reason; an accepted message has at most the configured number of partials, 32-byte signing roots,
 * a digest over exactly the payload it carried, and survives our own encoding unchanged.
 */
class PartialSignatureCodecFuzzTest {
  private static final int MAX_PARTIALS = 4;
  private static final PartialSignatureCodec CODEC = new PartialSignatureCodec(MAX_PARTIALS);

  @FuzzTest
  void hostileMessage(final byte[] wire) {
    final PartialSignatureCodec.Signed signed;
    try {
      signed = CODEC.decodeSigned(wire);
    } catch (final IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
      return;
    }
    final PartialSignatureSet set = signed.set();
    assertThat(set.partials().size()).isLessThanOrEqualTo(MAX_PARTIALS);
    set.partials().forEach(p -> assertThat(p.signingRoot()).hasSize(32));
    assertThat(signed.digest()).hasSize(32);
    final byte[] payload = CODEC.encodePayload(set);
    final PartialSignatureCodec.Signed again =
        CODEC.decodeSigned(CODEC.encodeSigned(payload, signed.operatorSignature()));
    assertThat(again.set()).isEqualTo(set);
    assertThat(again.digest()).isEqualTo(PartialSignatureCodec.sha256(payload));
  }
}
