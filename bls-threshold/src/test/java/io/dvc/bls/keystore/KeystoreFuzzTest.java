package io.dvc.bls.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided: the bytes of an EIP-2335 keystore file through {@link Eip2335Keystore#parse},
 * then, when the key derivation is cheap enough for a fuzzer, {@link Eip2335Keystore#decrypt}.
 *
 * <p>Contract: the only failure is {@link KeystoreException}, one line naming the keystore, with no
 * control characters; an accepted keystore's KDF cost is within {@link KdfLimits} (bounded memory
 * and time before any derivation starts).
 */
class KeystoreFuzzTest {
  private static final String SOURCE = "fuzz.json";

  @FuzzTest
  void hostileKeystore(final byte[] input) {
    final Eip2335Keystore keystore;
    try {
      keystore = Eip2335Keystore.parse(new String(input, StandardCharsets.UTF_8), SOURCE);
    } catch (final KeystoreException e) {
      oneLine(e);
      return;
    }
    final long cost;
    if (keystore.kdf() instanceof KdfParams.Scrypt s) {
      assertThat(s.n()).isLessThanOrEqualTo(KdfLimits.MAX_SCRYPT_N);
      assertThat(s.p()).isBetween(1, KdfLimits.MAX_SCRYPT_P);
      assertThat(128L * s.n() * s.r()).isLessThanOrEqualTo(KdfLimits.MAX_SCRYPT_MEMORY);
      cost = (long) s.n() * s.r() * s.p();
    } else {
      final KdfParams.Pbkdf2 p = (KdfParams.Pbkdf2) keystore.kdf();
      assertThat(p.c()).isBetween(1, KdfLimits.MAX_PBKDF2_C);
      cost = p.c();
    }
    assertThat(keystore.kdf().dklen()).isBetween(32, KdfLimits.MAX_DKLEN);
    if (cost <= 4096) {
      try {
        keystore.decrypt("fuzz").destroy();
      } catch (final KeystoreException e) {
        oneLine(e);
      }
    }
  }

  private static void oneLine(final KeystoreException e) {
    assertThat(e.getMessage()).startsWith("keystore " + SOURCE + ": ");
    assertThat(e.getMessage().chars().noneMatch(c -> c < 0x20 || c == 0x7f))
        .as("no control characters in %s", e.getMessage())
        .isTrue();
  }
}
