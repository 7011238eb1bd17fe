package io.dvc.node.parsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.BlsSecretKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PartialSignatureCodecTest {
  private static final BlsSecretKey KEY = BlsSecretKey.random(new SecureRandom());
  private final PartialSignatureCodec codec = new PartialSignatureCodec(16);

  private static PartialSignatureSet sample(final int count) {
    final List<PartialSignature> partials =
        java.util.stream.IntStream.range(0, count)
            .mapToObj(
                i -> {
                  final byte[] root = new byte[32];
                  Arrays.fill(root, (byte) i);
                  return new PartialSignature(i, root, KEY.sign(root));
                })
            .toList();
    return new PartialSignatureSet(1234, 1, 3, partials);
  }

  @Test
  void roundTripsAndDigestCoversThePayload() {
    final PartialSignatureSet set = sample(3);
    final byte[] payload = codec.encodePayload(set);
    final PartialSignatureCodec.Signed decoded =
        codec.decodeSigned(codec.encodeSigned(payload, new byte[] {1, 2}));
    assertThat(decoded.set()).isEqualTo(set);
    assertThat(decoded.digest()).isEqualTo(PartialSignatureCodec.sha256(payload));
    assertThat(decoded.operatorSignature()).containsExactly(1, 2);
  }

  @Test
  void partsRoundTripAndPartZeroAddsNoBytes() {
    final byte[] root = new byte[32];
    final PartialSignature zero = new PartialSignature(9, root, KEY.sign(root));
    final PartialSignature three = new PartialSignature(9, 3, root, KEY.sign(root));
    final PartialSignatureSet set = new PartialSignatureSet(1234, 8, 3, List.of(zero, three));
    final PartialSignatureCodec.Signed decoded =
        codec.decodeSigned(codec.encodeSigned(codec.encodePayload(set), new byte[] {1}));
    assertThat(decoded.set()).isEqualTo(set);
    assertThat(decoded.set().partials()).extracting(PartialSignature::part).containsExactly(0, 3);
    assertThat(codec.encodePayload(new PartialSignatureSet(1234, 8, 3, List.of(zero))))
        .as("part 0 is not written: older nodes' sets are unchanged")
        .hasSize(
            codec.encodePayload(new PartialSignatureSet(1234, 8, 3, List.of(three))).length - 2);
  }

  @Test
  void signaturesTravelUncompressedAndOffCurvePointsAreRefused() {
    final PartialSignatureSet set = sample(1);
    final byte[] payload = codec.encodePayload(set);
    final byte[] uncompressed = set.partials().get(0).signature().toUncompressedBytes();
    final int at = indexOf(payload, uncompressed);
    assertThat(at).isPositive();

    payload[at + 100] ^= 1;
    final byte[] wire = codec.encodeSigned(payload, new byte[] {1});
    assertThatThrownBy(() -> codec.decodeSigned(wire))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("curve point");
  }

  private static int indexOf(final byte[] haystack, final byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void refusesMoreThanTheLimit() {
    final byte[] wire = codec.encodeSigned(codec.encodePayload(sample(17)), new byte[] {1});
    assertThatThrownBy(() -> codec.decodeSigned(wire)).hasMessageContaining("more than 16");
  }

  @Property(tries = 300)
  void garbageNeverEscapesAsAnythingButIllegalArgument(@ForAll final byte[] garbage) {
    try {
      codec.decodeSigned(garbage);
    } catch (final IllegalArgumentException expected) {
      // refused with a reason
    }
  }

  @Property(tries = 100)
  void everyTruncationIsRefused(@ForAll("cuts") final int cut) {
    final byte[] wire = codec.encodeSigned(codec.encodePayload(sample(2)), new byte[] {1, 2, 3});
    final byte[] truncated = Arrays.copyOf(wire, Math.min(cut, wire.length - 1));
    assertThatThrownBy(() -> codec.decodeSigned(truncated))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Integer> cuts() {
    return net.jqwik.api.Arbitraries.integers().between(0, 300);
  }
}
