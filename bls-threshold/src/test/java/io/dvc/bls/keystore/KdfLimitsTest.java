package io.dvc.bls.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.BlsSecretKey;
import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Audit #8: hostile KDF parameters are refused while parsing, before any derivation, with one line
 * naming the field (before: scrypt n = 2^30 failed with an internal arraycopy message, 2^24 threw
 * OutOfMemoryError, pbkdf2 c = 2^31-1 ran until killed, scrypt p = 2^20 named no field).
 */
class KdfLimitsTest {
  private static final String SCRYPT_TEMPLATE =
      keystoreJson(new KdfParams.Scrypt(32, 16, 8, 1, new byte[32]));
  private static final String PBKDF2_TEMPLATE =
      keystoreJson(new KdfParams.Pbkdf2(32, 16, new byte[32]));

  private static String keystoreJson(final KdfParams kdf) {
    return Eip2335Keystore.encrypt(
            BlsSecretKey.random(new SecureRandom()),
            "pw",
            "m/12381/3600/0/0/0",
            kdf,
            new byte[16],
            UUID.randomUUID(),
            "t")
        .toJson();
  }

  private static String scrypt(final String n, final String r, final String p) {
    return SCRYPT_TEMPLATE
        .replaceFirst("\"n\" ?: ?16", "\"n\":" + n)
        .replaceFirst("\"r\" ?: ?8", "\"r\":" + r)
        .replaceFirst("\"p\" ?: ?1", "\"p\":" + p);
  }

  private static void refused(final String json, final String message) {
    assertThatThrownBy(() -> Eip2335Keystore.parse(json, "k.json"))
        .isInstanceOf(KeystoreException.class)
        .hasMessage("keystore k.json: " + message)
        .hasNoCause();
  }

  @Test
  void templatesAreAcceptedAsTheyAre() {
    assertThat(Eip2335Keystore.parse(scrypt("16", "8", "1"), "k.json").kdf().function())
        .isEqualTo("scrypt");
    assertThat(Eip2335Keystore.parse(PBKDF2_TEMPLATE, "k.json").kdf().function())
        .isEqualTo("pbkdf2");
  }

  @Test
  void scryptCostNOverTheLimitIsRefusedNamingN() {
    refused(
        scrypt("1073741824", "8", "1"),
        "crypto.kdf.params.n is 1073741824, more than the limit of 1048576");
  }

  @Test
  void scryptMemoryOverTheLimitIsRefused() {
    refused(
        scrypt("1048576", "8", "1"),
        "crypto.kdf.params.n and r need 1024 MiB of memory (128 * n * r), more than the limit of"
            + " 256 MiB");
  }

  @Test
  void scryptParallelismOverTheLimitIsRefusedNamingP() {
    refused(
        scrypt("16", "8", "1048576"), "crypto.kdf.params.p is 1048576, more than the limit of 16");
  }

  @Test
  void scryptBlockSizeOverTheLimitIsRefusedNamingR() {
    refused(scrypt("16", "1024", "1"), "crypto.kdf.params.r is 1024, more than the limit of 32");
  }

  @Test
  void pbkdf2IterationsOverTheLimitAreRefusedNamingC() {
    refused(
        PBKDF2_TEMPLATE.replaceFirst("\"c\" ?: ?16", "\"c\":2147483647"),
        "crypto.kdf.params.c is 2147483647, more than the limit of 4194304");
  }

  @Test
  void theEip2335RecommendedCostsStayAccepted() {
    assertThat(KdfLimits.checkScrypt(1 << 18, 8, 1)).isEmpty();
    assertThat(KdfLimits.checkPbkdf2(1 << 18)).isEmpty();
  }

  @Test
  void textFromTheKeystoreCannotForgeASecondLine() {
    refused(
        PBKDF2_TEMPLATE.replace("\"pbkdf2\"", "\"pbkdf2\\nkeystore x: fine\""),
        "unsupported crypto.kdf.function \"pbkdf2\\nkeystore x: fine\"");
  }
}
