package io.dvc.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.bytes.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Test vectors of RFC 8439: sections 2.5.2 and 2.8.2, A.1 #1, A.3 #1 and #5-#11, A.4 #1. */
class ChaCha20Poly1305VectorsTest {
  private static final String ZERO16 = "00000000000000000000000000000000";
  private static final String FF16 = "ffffffffffffffffffffffffffffffff";
  private static final String A3_10_11 =
      "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
          + "00000000000000000000000000000000";

  private static byte[] hex(final String s) {
    return Hex.decode(s);
  }

  private static byte[] mac(final byte[] key, final byte[] message) {
    final Poly1305 poly = new Poly1305(null);
    poly.init(key, 0);
    poly.update(message, 0, message.length);
    final byte[] tag = new byte[16];
    poly.finish(tag, 0);
    return tag;
  }

  private static DynamicTest macVector(
      final String name, final String key, final String message, final String tag) {
    return DynamicTest.dynamicTest(
        name, () -> assertThat(Hex.encodeBare(mac(hex(key), hex(message)))).isEqualTo(tag));
  }

  @TestFactory
  Stream<DynamicTest> poly1305Vectors() {
    return Stream.of(
        macVector(
            "2.5.2",
            "85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b",
            Hex.encodeBare(
                "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII)),
            "a8061dc1305136c6c22b8baf0c0127a9"),
        macVector("A.3 #1", ZERO16 + ZERO16, ZERO16.repeat(4), ZERO16),
        macVector("A.3 #5", "02" + ZERO16.substring(2) + ZERO16, FF16, "03" + ZERO16.substring(2)),
        macVector(
            "A.3 #6",
            "02" + ZERO16.substring(2) + FF16,
            "02" + ZERO16.substring(2),
            "03" + ZERO16.substring(2)),
        macVector(
            "A.3 #7",
            "01" + ZERO16.substring(2) + ZERO16,
            FF16 + "f0" + FF16.substring(2) + "11" + ZERO16.substring(2),
            "05" + ZERO16.substring(2)),
        macVector(
            "A.3 #8",
            "01" + ZERO16.substring(2) + ZERO16,
            FF16 + "fb" + "fe".repeat(15) + "01".repeat(16),
            ZERO16),
        macVector(
            "A.3 #9",
            "02" + ZERO16.substring(2) + ZERO16,
            "fd" + FF16.substring(2),
            "fa" + FF16.substring(2)),
        macVector(
            "A.3 #10",
            "01000000000000000400000000000000" + ZERO16,
            A3_10_11 + "01" + ZERO16.substring(2),
            "14000000000000005500000000000000"),
        macVector(
            "A.3 #11",
            "01000000000000000400000000000000" + ZERO16,
            A3_10_11,
            "13000000000000000000000000000000"));
  }

  @TestFactory
  Stream<DynamicTest> chacha20BlockA1Vector1() {
    final String expected =
        "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
            + "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586";
    final byte[] zeroKey = new byte[32];
    return Stream.<Function<byte[], ChaCha20>>of(ChaCha20::new, ChaCha20Vector::new)
        .map(
            impl ->
                DynamicTest.dynamicTest(
                    impl.apply(zeroKey).getClass().getSimpleName(),
                    () -> {
                      // the vector code needs a whole pass: compare its first block
                      final byte[] out = new byte[4096];
                      impl.apply(zeroKey).xor(0, 0, 0, 0, out, 0, out.length);
                      assertThat(Hex.encodeBare(Arrays.copyOf(out, 64))).isEqualTo(expected);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> aeadSection282() {
    final byte[] key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    final byte[] ad = hex("50515253c0c1c2c3c4c5c6c7");
    final byte[] plaintext =
        ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the"
                + " future, sunscreen would be it.")
            .getBytes(StandardCharsets.US_ASCII);
    final String expected =
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
            + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
            + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
            + "3ff4def08e4b7a9de576d26586cec64b6116"
            + "1ae10b594f09e26a7e902ecbd0600691";
    // nonce 07000000 4041424344454647: word 0 = 7, then the 64-bit little-endian rest
    final long n12 = 0x4746454443424140L;
    return ChaCha20Poly1305Properties.IMPLEMENTATIONS.stream()
        .map(
            impl ->
                DynamicTest.dynamicTest(
                    "implementation " + ChaCha20Poly1305Properties.IMPLEMENTATIONS.indexOf(impl),
                    () -> {
                      final byte[] buf = Arrays.copyOf(plaintext, plaintext.length + 16);
                      impl.apply(key).seal(7, n12, ad, buf, 0, plaintext.length);
                      assertThat(Hex.encodeBare(buf)).isEqualTo(expected);
                      assertThat(impl.apply(key).open(7, n12, ad, buf, 0, plaintext.length))
                          .isTrue();
                      assertThat(Arrays.copyOf(buf, plaintext.length)).isEqualTo(plaintext);
                    }));
  }

  @Test
  void poly1305KeyGenerationA4Vector1() {
    final byte[] block = new byte[64];
    new ChaCha20(new byte[32]).xor(0, 0, 0, 0, block, 0, 64);
    assertThat(Hex.encodeBare(Arrays.copyOf(block, 32)))
        .isEqualTo("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7");
  }
}
