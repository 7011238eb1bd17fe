package io.dvc.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Our ChaCha20-Poly1305, with the scalar and with the Vector API keystream, against the JDK
 * provider (an independent implementation of RFC 8439).
 */
class ChaCha20Poly1305Properties {
  /**
   * Scalar code, Vector API ChaCha20 with serial Poly1305, and both on the Vector API (the module
   * is added by the pom).
   */
  static final List<Function<byte[], ChaCha20Poly1305>> IMPLEMENTATIONS =
      List.of(
          key -> new ChaCha20Poly1305(new ChaCha20(key)),
          key -> new ChaCha20Poly1305(new ChaCha20Vector(key)),
          key -> new ChaCha20Poly1305(new ChaCha20Vector(key), new Poly1305(new Poly1305Vector())));

  private static byte[] jdkSeal(
      final byte[] key, final long counter, final byte[] ad, final byte[] pt) throws Exception {
    final byte[] nonce = new byte[12];
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (counter >>> (8 * i));
    }
    final Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
    c.updateAAD(ad);
    return c.doFinal(pt);
  }

  /** Seals {@code pt} at {@code offset} in a larger array with every implementation. */
  private static void assertSealAndOpenMatchTheJdk(
      final byte[] key,
      final long counter,
      final byte[] ad,
      final byte[] pt,
      final int offset,
      final byte[] expected) {
    for (int impl = 0; impl < IMPLEMENTATIONS.size(); impl++) {
      final byte[] buf = new byte[offset + pt.length + 16 + 5];
      Arrays.fill(buf, (byte) 0x5a);
      System.arraycopy(pt, 0, buf, offset, pt.length);
      IMPLEMENTATIONS.get(impl).apply(key).seal(counter, ad, buf, offset, pt.length);
      assertThat(Arrays.copyOfRange(buf, offset, offset + pt.length + 16))
          .as("implementation %d, length %d, offset %d", impl, pt.length, offset)
          .isEqualTo(expected);
      assertThat(Arrays.copyOf(buf, offset)).isEqualTo(filled(offset));
      assertThat(Arrays.copyOfRange(buf, buf.length - 5, buf.length)).isEqualTo(filled(5));

      assertThat(IMPLEMENTATIONS.get(impl).apply(key).open(counter, ad, buf, offset, pt.length))
          .isTrue();
      assertThat(Arrays.copyOfRange(buf, offset, offset + pt.length)).isEqualTo(pt);
    }
  }

  private static byte[] filled(final int n) {
    final byte[] b = new byte[n];
    Arrays.fill(b, (byte) 0x5a);
    return b;
  }

  @Test
  void theVectorCodeIsChosenWhenItsModuleIsPresentAndVectorsAreWide() {
    // the p2p pom starts test JVMs with --add-modules jdk.incubator.vector
    assertThat(ChaCha20.vectorized()).isEqualTo(ChaCha20Vector.lanes() >= 8);
    assertThat(Poly1305.vectorized()).isEqualTo(Poly1305Vector.lanes() >= 8);
    assertThat(ChaCha20.create(new byte[32]).getClass())
        .isEqualTo(ChaCha20Vector.lanes() >= 8 ? ChaCha20Vector.class : ChaCha20.class);
  }

  @Test
  void everyLengthUpTo300AtEveryOffsetMatchesTheJdk() throws Exception {
    final Random random = new Random(8439);
    for (int len = 0; len <= 300; len++) {
      final byte[] key = new byte[32];
      random.nextBytes(key);
      final byte[] pt = new byte[len];
      random.nextBytes(pt);
      final byte[] ad = new byte[len % 37];
      random.nextBytes(ad);
      final long counter = random.nextLong();
      final byte[] expected = jdkSeal(key, counter, ad, pt);
      for (int offset = 0; offset < 16; offset++) {
        assertSealAndOpenMatchTheJdk(key, counter, ad, pt, offset, expected);
      }
    }
  }

  @Property(tries = 60)
  void largeFramesAtAnyOffsetMatchTheJdk(
      @ForAll @Size(32) final byte[] key,
      @ForAll final long counter,
      @ForAll @IntRange(min = 301, max = 65519) final int length,
      @ForAll @IntRange(min = 0, max = 100) final int offset)
      throws Exception {
    final byte[] pt = new byte[length];
    new Random(counter).nextBytes(pt);
    assertSealAndOpenMatchTheJdk(
        key, counter, new byte[0], pt, offset, jdkSeal(key, counter, new byte[0], pt));
  }

  @Property(tries = 200)
  void sealMatchesTheJdkWithAssociatedData(
      @ForAll @Size(32) final byte[] key,
      @ForAll final long counter,
      @ForAll @Size(max = 70) final byte[] ad,
      @ForAll @Size(max = 3000) final byte[] plaintext)
      throws Exception {
    assertSealAndOpenMatchTheJdk(
        key, counter, ad, plaintext, 3, jdkSeal(key, counter, ad, plaintext));
  }

  @Provide
  Arbitrary<byte[]> messages() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1000).ofMaxSize(5000));
  }

  @Property(tries = 200)
  void openRejectsAnyFlippedBitAndLeavesTheBufferUnchanged(
      @ForAll @Size(32) final byte[] key,
      @ForAll("messages") final byte[] plaintext,
      @ForAll final int position)
      throws Exception {
    final byte[] sealed = jdkSeal(key, 7, new byte[0], plaintext);
    final int bit = Math.floorMod(position, sealed.length * 8);
    sealed[bit / 8] ^= (byte) (1 << (bit % 8));
    for (final Function<byte[], ChaCha20Poly1305> impl : IMPLEMENTATIONS) {
      final byte[] copy = sealed.clone();
      assertThat(impl.apply(key).open(7, new byte[0], copy, 0, plaintext.length)).isFalse();
      assertThat(copy).isEqualTo(sealed);
    }
  }

  @Property(tries = 50)
  void openRejectsTheWrongNonceOrAssociatedData(
      @ForAll @Size(32) final byte[] key,
      @ForAll @Size(min = 1, max = 2000) final byte[] plaintext,
      @ForAll final long counter)
      throws Exception {
    final byte[] sealed = jdkSeal(key, counter, new byte[] {1}, plaintext);
    for (final Function<byte[], ChaCha20Poly1305> impl : IMPLEMENTATIONS) {
      assertThat(impl.apply(key).open(counter + 1, new byte[] {1}, sealed, 0, plaintext.length))
          .isFalse();
      assertThat(impl.apply(key).open(counter, new byte[] {2}, sealed, 0, plaintext.length))
          .isFalse();
      assertThat(impl.apply(key).open(counter, new byte[0], sealed, 0, plaintext.length)).isFalse();
    }
  }

  @Property(tries = 30)
  void oneInstanceSealsManyMessagesInARow(
      @ForAll @Size(32) final byte[] key, @ForAll @IntRange(max = 20000) final int length)
      throws Exception {
    for (final Function<byte[], ChaCha20Poly1305> impl : IMPLEMENTATIONS) {
      final ChaCha20Poly1305 aead = impl.apply(key);
      for (long n = 0; n < 3; n++) {
        final byte[] pt = new byte[length + (int) n];
        new Random(n).nextBytes(pt);
        final byte[] buf = Arrays.copyOf(pt, pt.length + 16);
        aead.seal(n, new byte[0], buf, 0, pt.length);
        assertThat(buf).isEqualTo(jdkSeal(key, n, new byte[0], pt));
      }
    }
  }

  @Property(tries = 100)
  void jdkAdapterAndOursAgree(
      @ForAll @Size(32) final byte[] key,
      @ForAll final long counter,
      @ForAll @Size(max = 40) final byte[] ad,
      @ForAll @Size(max = 300) final byte[] plaintext) {
    final byte[] a = Arrays.copyOf(plaintext, plaintext.length + 16);
    final byte[] b = a.clone();
    new ChaCha20Poly1305(key).seal(counter, ad, a, 0, plaintext.length);
    new Aead.Jdk(key).seal(counter, ad, b, 0, plaintext.length);
    assertThat(a).isEqualTo(b);
    assertThat(new Aead.Jdk(key).open(counter, ad, b, 0, plaintext.length)).isTrue();
    assertThat(Arrays.copyOf(b, plaintext.length)).isEqualTo(plaintext);
  }

  @Provide
  Arbitrary<byte[]> polyKeys() {
    // random keys, and r with every bit the clamp allows (the largest limbs)
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofSize(32),
        Arbitraries.bytes().array(byte[].class).ofSize(16).map(s -> concat(filled(16, 0xff), s)));
  }

  @Provide
  Arbitrary<byte[]> polyMessages() {
    // random blocks, and all-ones blocks (the largest accumulator values)
    return Arbitraries.integers()
        .between(0, 400)
        .flatMap(
            blocks ->
                Arbitraries.oneOf(
                    Arbitraries.bytes().array(byte[].class).ofSize(16 * blocks),
                    Arbitraries.just(filled(16 * blocks, 0xff))));
  }

  private static byte[] filled(final int n, final int value) {
    final byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] concat(final byte[] a, final byte[] b) {
    final byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Property(tries = 300)
  void poly1305LanesEqualTheSerialCodeForAnySplitOfTheMessage(
      @ForAll("polyKeys") final byte[] key,
      @ForAll("polyMessages") final byte[] message,
      @ForAll @IntRange(max = 400) final int split1,
      @ForAll @IntRange(max = 400) final int split2) {
    final int blocks = message.length / 16;
    final int a = Math.min(split1, split2) % (blocks + 1);
    final int b = Math.max(a, Math.max(split1, split2) % (blocks + 1));
    final Poly1305 serial = new Poly1305(null);
    serial.init(key, 0);
    serial.blocks(message, 0, blocks);
    final byte[] expected = new byte[16];
    serial.finish(expected, 0);
    final Poly1305 lanes = new Poly1305(new Poly1305Vector());
    lanes.init(key, 0);
    lanes.blocks(message, 0, a);
    lanes.blocks(message, 16 * a, b - a);
    lanes.blocks(message, 16 * b, blocks - b);
    final byte[] actual = new byte[16];
    lanes.finish(actual, 0);
    assertThat(actual).isEqualTo(expected);
  }

  @Property(tries = 100)
  void vectorKeystreamEqualsScalarForAnyCounterAndLength(
      @ForAll @Size(32) final byte[] key,
      @ForAll final int counter,
      @ForAll final int n0,
      @ForAll final long n12,
      @ForAll @IntRange(max = 5000) final int length) {
    final byte[] a = new byte[length];
    new Random(counter).nextBytes(a);
    final byte[] b = a.clone();
    new ChaCha20(key).xor(counter, n0, (int) n12, (int) (n12 >>> 32), a, 0, length);
    new ChaCha20Vector(key).xor(counter, n0, (int) n12, (int) (n12 >>> 32), b, 0, length);
    assertThat(b).isEqualTo(a);
  }
}
