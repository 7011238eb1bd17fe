package io.dvc.bls.keys;

import io.dvc.common.bytes.Hex;
import io.dvc.common.bytes.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * BIP-39 mnemonics with the English word list: generation from CSPRNG entropy, validation, and
 * mnemonic to seed (PBKDF2-HMAC-SHA512, 2048 iterations, salt "mnemonic" + passphrase, both NFKD).
 * Mnemonic to seed works for any language; generation and validation use the English list.
 */
public final class Bip39 {
  /** SHA-256 of the published BIP-39 english.txt. */
  static final String ENGLISH_SHA256 =
      "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";

  private static final int SEED_ITERATIONS = 2048;
  private static final List<String> ENGLISH = loadEnglish();
  private static final Map<String, Integer> ENGLISH_INDEX = index(ENGLISH);

  private Bip39() {}

  /** The 2048 English words in order. */
  public static List<String> englishWordList() {
    return ENGLISH;
  }

  /**
   * A new English mnemonic of 12, 15, 18, 21 or 24 words.
   *
   * @throws IllegalArgumentException for another word count
   */
  public static String generateMnemonic(final SecureRandom random, final int wordCount) {
    if (wordCount < 12 || wordCount > 24 || wordCount % 3 != 0) {
      throw new IllegalArgumentException(
          "a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words, not " + wordCount);
    }
    final byte[] entropy = new byte[wordCount / 3 * 4];
    try {
      random.nextBytes(entropy);
      return entropyToMnemonic(entropy);
    } finally {
      SecretBytes.wipe(entropy);
    }
  }

  /** Encodes 16, 20, 24, 28 or 32 bytes of entropy as English words (with the checksum bits). */
  public static String entropyToMnemonic(final byte[] entropy) {
    if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 != 0) {
      throw new IllegalArgumentException(
          "BIP-39 entropy has 16, 20, 24, 28 or 32 bytes, not " + entropy.length);
    }
    final byte[] hash = sha256(entropy);
    final byte[] bits = new byte[entropy.length + hash.length];
    System.arraycopy(entropy, 0, bits, 0, entropy.length);
    System.arraycopy(hash, 0, bits, entropy.length, hash.length);
    final int entropyBits = entropy.length * 8;
    final int words = (entropyBits + entropyBits / 32) / 11;
    final StringBuilder out = new StringBuilder();
    for (int w = 0; w < words; w++) {
      int value = 0;
      for (int b = 0; b < 11; b++) {
        final int bit = w * 11 + b;
        value = (value << 1) | ((bits[bit / 8] >> (7 - bit % 8)) & 1);
      }
      if (w > 0) {
        out.append(' ');
      }
      out.append(ENGLISH.get(value));
    }
    SecretBytes.wipe(bits);
    return out.toString();
  }

  /**
   * Decodes an English mnemonic back to its entropy, checking words and checksum.
   *
   * @throws IllegalArgumentException naming the unknown word or the checksum failure
   */
  public static byte[] mnemonicToEntropy(final String mnemonic) {
    final String[] words = normalize(mnemonic).trim().split("\\s+");
    if (words.length < 12 || words.length > 24 || words.length % 3 != 0) {
      throw new IllegalArgumentException(
          "a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words, not " + words.length);
    }
    final int totalBits = words.length * 11;
    final int checksumBits = totalBits / 33;
    final int entropyBits = totalBits - checksumBits;
    final byte[] bits = new byte[(totalBits + 7) / 8];
    for (int w = 0; w < words.length; w++) {
      final Integer value = ENGLISH_INDEX.get(words[w]);
      if (value == null) {
        throw new IllegalArgumentException(
            "word " + (w + 1) + " of the mnemonic is not in the BIP-39 English list");
      }
      for (int b = 0; b < 11; b++) {
        if (((value >> (10 - b)) & 1) != 0) {
          final int bit = w * 11 + b;
          bits[bit / 8] |= (byte) (0x80 >> (bit % 8));
        }
      }
    }
    final byte[] entropy = java.util.Arrays.copyOf(bits, entropyBits / 8);
    final byte[] hash = sha256(entropy);
    for (int c = 0; c < checksumBits; c++) {
      final int expected = (hash[c / 8] >> (7 - c % 8)) & 1;
      final int bit = entropyBits + c;
      final int actual = (bits[bit / 8] >> (7 - bit % 8)) & 1;
      if (expected != actual) {
        SecretBytes.wipe(entropy, bits);
        throw new IllegalArgumentException("the mnemonic's checksum does not match");
      }
    }
    SecretBytes.wipe(bits);
    return entropy;
  }

  /** True when the text is a well-formed English mnemonic with a valid checksum. */
  public static boolean isValid(final String mnemonic) {
    try {
      SecretBytes.wipe(mnemonicToEntropy(mnemonic));
      return true;
    } catch (final IllegalArgumentException e) {
      return false;
    }
  }

  /** The 64-byte seed of a mnemonic (any language) and passphrase. */
  public static byte[] mnemonicToSeed(final String mnemonic, final String passphrase) {
    final byte[] password = normalize(mnemonic).getBytes(StandardCharsets.UTF_8);
    final byte[] salt = normalize("mnemonic" + passphrase).getBytes(StandardCharsets.UTF_8);
    try {
      final PKCS5S2ParametersGenerator generator =
          new PKCS5S2ParametersGenerator(new SHA512Digest());
      generator.init(password, salt, SEED_ITERATIONS);
      return ((KeyParameter) generator.generateDerivedParameters(512)).getKey();
    } finally {
      SecretBytes.wipe(password, salt);
    }
  }

  private static String normalize(final String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKD);
  }

  static byte[] sha256(final byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static List<String> loadEnglish() {
    try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
      if (in == null) {
        throw new IllegalStateException("BIP-39 English word list resource is missing");
      }
      final byte[] data = in.readAllBytes();
      if (!Hex.encodeBare(sha256(data)).equals(ENGLISH_SHA256)) {
        throw new IllegalStateException("BIP-39 English word list resource is corrupt");
      }
      final List<String> words = List.of(new String(data, StandardCharsets.UTF_8).split("\n"));
      if (words.size() != 2048) {
        throw new IllegalStateException("BIP-39 English word list must have 2048 words");
      }
      return words;
    } catch (final IOException e) {
      throw new IllegalStateException("cannot read the BIP-39 English word list", e);
    }
  }

  private static Map<String, Integer> index(final List<String> words) {
    final Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < words.size(); i++) {
      map.put(words.get(i), i);
    }
    return Map.copyOf(map);
  }
}
