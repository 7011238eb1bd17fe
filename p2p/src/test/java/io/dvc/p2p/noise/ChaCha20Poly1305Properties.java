package io.dvc.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Our ChaCha20-Poly1305 against the JDK provider (an independent implementation of RFC 8439). */
class ChaCha20Poly1305Properties {
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

  @Property(tries = 300)
  void sealMatchesTheJdk(
      @ForAll @Size(32) final byte[] key,
      @ForAll final long counter,
      @ForAll @Size(max = 70) final byte[] ad,
      @ForAll @Size(max = 700) final byte[] plaintext)
      throws Exception {
    final byte[] buf = Arrays.copyOf(plaintext, plaintext.length + 16);
    new ChaCha20Poly1305(key).seal(counter, ad, buf, 0, plaintext.length);
    assertThat(buf).isEqualTo(jdkSeal(key, counter, ad, plaintext));

    final ChaCha20Poly1305 opener = new ChaCha20Poly1305(key);
    assertThat(opener.open(counter, ad, buf, 0, plaintext.length)).isTrue();
    assertThat(Arrays.copyOf(buf, plaintext.length)).isEqualTo(plaintext);
  }

  @Property(tries = 200)
  void openRejectsAnyFlippedBit(
      @ForAll @Size(32) final byte[] key,
      @ForAll @Size(min = 1, max = 300) final byte[] plaintext,
      @ForAll final int position)
      throws Exception {
    final byte[] sealed = jdkSeal(key, 7, new byte[0], plaintext);
    final int bit = Math.floorMod(position, sealed.length * 8);
    sealed[bit / 8] ^= (byte) (1 << (bit % 8));
    final byte[] copy = sealed.clone();
    assertThat(new ChaCha20Poly1305(key).open(7, new byte[0], sealed, 0, plaintext.length))
        .isFalse();
    assertThat(sealed).isEqualTo(copy);
  }

  @Property(tries = 20)
  void largeFramesMatchTheJdk(@ForAll @Size(32) final byte[] key, @ForAll final long counter)
      throws Exception {
    final byte[] pt = new byte[65519];
    new java.util.Random(counter).nextBytes(pt);
    final byte[] buf = Arrays.copyOf(pt, pt.length + 16);
    new ChaCha20Poly1305(key).seal(counter, new byte[0], buf, 0, pt.length);
    assertThat(buf).isEqualTo(jdkSeal(key, counter, new byte[0], pt));
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
}
