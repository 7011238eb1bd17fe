package io.dvc.bls.keystore;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.BlsPublicKey;
import java.util.Optional;
import java.util.UUID;

/** Reads the fields of a version 4 keystore, failing on the first bad one. */
final class KeystoreParser {
  private KeystoreParser() {}

  static Eip2335Keystore parse(final JsonNode root, final KeystoreJson json, final String source) {
    final int version = json.integer(root, "", "version");
    if (version != Eip2335Keystore.VERSION) {
      throw json.fail("unsupported version " + version + " (expected 4)");
    }
    final JsonNode crypto = json.object(root, "", "crypto");
    final KdfParams kdf = kdf(json.object(crypto, "crypto", "kdf"), json);
    final JsonNode checksum = json.object(crypto, "crypto", "checksum");
    json.expect(checksum, "crypto.checksum", "function", "sha256");
    final byte[] checksumMessage = json.hex(checksum, "crypto.checksum", "message", 32);
    final JsonNode cipher = json.object(crypto, "crypto", "cipher");
    json.expect(cipher, "crypto.cipher", "function", "aes-128-ctr");
    final byte[] iv =
        json.hex(json.object(cipher, "crypto.cipher", "params"), "crypto.cipher.params", "iv", 16);
    final byte[] cipherMessage = json.hex(cipher, "crypto.cipher", "message");
    return Eip2335Keystore.of(
        kdf,
        checksumMessage,
        iv,
        cipherMessage,
        json.optionalText(root, "", "description"),
        pubkey(root, json),
        json.optionalText(root, "", "path"),
        uuid(root, json),
        source);
  }

  private static KdfParams kdf(final JsonNode kdf, final KeystoreJson json) {
    final String function = json.text(kdf, "crypto.kdf", "function");
    final JsonNode params = json.object(kdf, "crypto.kdf", "params");
    final String at = "crypto.kdf.params";
    final int dklen = json.integer(params, at, "dklen");
    if (dklen < 32 || dklen > KdfLimits.MAX_DKLEN) {
      throw json.fail(
          "crypto.kdf.params.dklen must be 32.." + KdfLimits.MAX_DKLEN + ", is " + dklen);
    }
    final byte[] salt = json.hex(params, at, "salt");
    if (salt.length > KdfLimits.MAX_SALT_BYTES) {
      throw json.fail(
          "crypto.kdf.params.salt has "
              + salt.length
              + " bytes, more than the limit of "
              + KdfLimits.MAX_SALT_BYTES);
    }
    switch (function) {
      case "scrypt" -> {
        final int n = json.integer(params, at, "n");
        if (n < 2 || Integer.bitCount(n) != 1) {
          throw json.fail("crypto.kdf.params.n must be a power of two above 1, is " + n);
        }
        final int r = positive(json, params, "r");
        final int p = positive(json, params, "p");
        KdfLimits.checkScrypt(n, r, p)
            .ifPresent(
                reason -> {
                  throw json.fail(reason);
                });
        return new KdfParams.Scrypt(dklen, n, r, p, salt);
      }
      case "pbkdf2" -> {
        json.expect(params, at, "prf", KdfParams.Pbkdf2.PRF);
        final int c = positive(json, params, "c");
        KdfLimits.checkPbkdf2(c)
            .ifPresent(
                reason -> {
                  throw json.fail(reason);
                });
        return new KdfParams.Pbkdf2(dklen, c, salt);
      }
      default -> throw json.fail("unsupported crypto.kdf.function \"" + function + "\"");
    }
  }

  private static int positive(final KeystoreJson json, final JsonNode params, final String name) {
    final int value = json.integer(params, "crypto.kdf.params", name);
    if (value < 1) {
      throw json.fail("crypto.kdf.params." + name + " must be positive, is " + value);
    }
    return value;
  }

  private static Optional<BlsPublicKey> pubkey(final JsonNode root, final KeystoreJson json) {
    final String text = json.optionalText(root, "", "pubkey");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(BlsPublicKey.fromHex(text));
    } catch (final IllegalArgumentException e) {
      throw json.fail("field pubkey is not a 48-byte hex public key");
    }
  }

  private static UUID uuid(final JsonNode root, final KeystoreJson json) {
    final String text = json.text(root, "", "uuid");
    try {
      return UUID.fromString(text);
    } catch (final IllegalArgumentException e) {
      throw json.fail("field uuid is not a UUID: " + text);
    }
  }
}
