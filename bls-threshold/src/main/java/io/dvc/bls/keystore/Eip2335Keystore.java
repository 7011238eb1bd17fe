package io.dvc.bls.keystore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.bytes.Hex;
import io.dvc.common.bytes.SecretBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An EIP-2335 (version 4) BLS keystore: the secret key encrypted with AES-128-CTR under a key
 * derived from the password by scrypt or PBKDF2, with a SHA-256 checksum that detects a wrong
 * password. Immutable; {@link #decrypt} and {@link #encrypt} never reveal the secret or password in
 * errors.
 */
public final class Eip2335Keystore {
  public static final int VERSION = 4;
  private static final String CIPHER = "aes-128-ctr";
  private static final String CHECKSUM = "sha256";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final KdfParams kdf;
  private final byte[] checksum;
  private final byte[] iv;
  private final byte[] cipherMessage;
  private final String description;
  private final Optional<BlsPublicKey> pubkey;
  private final String path;
  private final UUID uuid;
  private final String source;

  private Eip2335Keystore(
      final KdfParams kdf,
      final byte[] checksum,
      final byte[] iv,
      final byte[] cipherMessage,
      final String description,
      final Optional<BlsPublicKey> pubkey,
      final String path,
      final UUID uuid,
      final String source) {
    this.kdf = kdf;
    this.checksum = checksum;
    this.iv = iv;
    this.cipherMessage = cipherMessage;
    this.description = description;
    this.pubkey = pubkey;
    this.path = path;
    this.uuid = uuid;
    this.source = source;
  }

  /** Reads and parses a keystore file (not decrypting it). */
  public static Eip2335Keystore load(final Path file) {
    final String json;
    try {
      json = Files.readString(file);
    } catch (final IOException e) {
      throw new KeystoreException(file.toString(), "cannot read file (" + e + ")");
    }
    return parse(json, file.toString());
  }

  /**
   * Parses keystore JSON; {@code source} names it in errors (usually the file path).
   *
   * @throws KeystoreException naming the source and the bad field
   */
  public static Eip2335Keystore parse(final String json, final String source) {
    final JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (final JsonProcessingException e) {
      throw new KeystoreException(source, KeystoreJson.describe(e));
    }
    if (root == null || !root.isObject()) {
      throw new KeystoreException(source, "not a JSON object");
    }
    return KeystoreParser.parse(root, new KeystoreJson(source), source);
  }

  static Eip2335Keystore of(
      final KdfParams kdf,
      final byte[] checksum,
      final byte[] iv,
      final byte[] cipherMessage,
      final String description,
      final Optional<BlsPublicKey> pubkey,
      final String path,
      final UUID uuid,
      final String source) {
    return new Eip2335Keystore(
        kdf, checksum, iv, cipherMessage, description, pubkey, path, uuid, source);
  }

  /** Scrypt with the EIP-2335 recommended cost (n = 2^18, r = 8, p = 1) and a random salt. */
  public static KdfParams defaultScrypt(final SecureRandom random) {
    return new KdfParams.Scrypt(32, 1 << 18, 8, 1, randomBytes(random, 32));
  }

  /** PBKDF2-HMAC-SHA256 with c = 2^18 iterations and a random salt. */
  public static KdfParams defaultPbkdf2(final SecureRandom random) {
    return new KdfParams.Pbkdf2(32, 1 << 18, randomBytes(random, 32));
  }

  /** Encrypts a key with default scrypt parameters, a random IV and a random UUID. */
  public static Eip2335Keystore encrypt(
      final BlsSecretKey secretKey,
      final String password,
      final String path,
      final SecureRandom random) {
    return encrypt(
        secretKey,
        password,
        path,
        defaultScrypt(random),
        randomBytes(random, 16),
        UUID.randomUUID(),
        "");
  }

  /** Encrypts a key with fully specified parameters (deterministic; used by tests and tools). */
  public static Eip2335Keystore encrypt(
      final BlsSecretKey secretKey,
      final String password,
      final String path,
      final KdfParams kdf,
      final byte[] iv,
      final UUID uuid,
      final String description) {
    if (iv.length != 16) {
      throw new IllegalArgumentException("AES-128-CTR needs a 16-byte IV");
    }
    final byte[] passwordBytes = KeystorePassword.normalize(password);
    final byte[] derived = kdf.deriveKey(passwordBytes);
    final byte[] secret = secretKey.toBytes();
    try {
      final byte[] cipherMessage = aes128Ctr(derived, iv, secret, "keystore for " + path);
      return new Eip2335Keystore(
          kdf,
          checksum(derived, cipherMessage),
          iv.clone(),
          cipherMessage,
          description,
          Optional.of(secretKey.publicKey()),
          path,
          uuid,
          "for " + secretKey.publicKey());
    } finally {
      SecretBytes.wipe(passwordBytes, derived, secret);
    }
  }

  /**
   * Decrypts the secret key.
   *
   * @throws KeystoreException naming the keystore when the password is wrong (checksum mismatch),
   *     the content is corrupt or the key does not match the keystore's pubkey
   */
  public BlsSecretKey decrypt(final String password) {
    final byte[] passwordBytes = KeystorePassword.normalize(password);
    final byte[] derived = kdf.deriveKey(passwordBytes);
    byte[] secret = null;
    try {
      if (derived.length < 32) {
        throw new KeystoreException(source, "derived key is shorter than 32 bytes");
      }
      if (!MessageDigest.isEqual(checksum(derived, cipherMessage), checksum)) {
        throw new KeystoreException(
            source, "wrong password or corrupted keystore (checksum mismatch)");
      }
      secret = aes128Ctr(derived, iv, cipherMessage, source);
      return toSecretKey(secret);
    } finally {
      SecretBytes.wipe(passwordBytes, derived, secret);
    }
  }

  private BlsSecretKey toSecretKey(final byte[] secret) {
    final BlsSecretKey key;
    try {
      key = BlsSecretKey.fromBytes(secret);
    } catch (final IllegalArgumentException e) {
      throw new KeystoreException(source, "decrypted secret is not a BLS secret key");
    }
    if (pubkey.isPresent() && !pubkey.get().equals(key.publicKey())) {
      key.destroy();
      throw new KeystoreException(source, "decrypted key does not match the keystore's pubkey");
    }
    return key;
  }

  private static byte[] checksum(final byte[] derived, final byte[] cipherMessage) {
    final byte[] preimage = new byte[16 + cipherMessage.length];
    System.arraycopy(derived, 16, preimage, 0, 16);
    System.arraycopy(cipherMessage, 0, preimage, 16, cipherMessage.length);
    try {
      return MessageDigest.getInstance("SHA-256").digest(preimage);
    } catch (final GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    } finally {
      SecretBytes.wipe(preimage);
    }
  }

  private static byte[] aes128Ctr(
      final byte[] derived, final byte[] iv, final byte[] input, final String source) {
    final byte[] key = Arrays.copyOf(derived, 16);
    try {
      final Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(input);
    } catch (final GeneralSecurityException e) {
      throw new KeystoreException(source, "AES-128-CTR failed (" + e.getMessage() + ")");
    } finally {
      SecretBytes.wipe(key);
    }
  }

  private static byte[] randomBytes(final SecureRandom random, final int length) {
    final byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** The keystore as EIP-2335 JSON. */
  public String toJson() {
    final Map<String, Object> kdfNode = new LinkedHashMap<>();
    kdfNode.put("function", kdf.function());
    kdfNode.put("params", new java.util.TreeMap<>(kdf.toJson()));
    kdfNode.put("message", "");
    final Map<String, Object> checksumNode = new LinkedHashMap<>();
    checksumNode.put("function", CHECKSUM);
    checksumNode.put("params", Map.of());
    checksumNode.put("message", Hex.encodeBare(checksum));
    final Map<String, Object> cipherNode = new LinkedHashMap<>();
    cipherNode.put("function", CIPHER);
    cipherNode.put("params", Map.of("iv", Hex.encodeBare(iv)));
    cipherNode.put("message", Hex.encodeBare(cipherMessage));
    final Map<String, Object> crypto = new LinkedHashMap<>();
    crypto.put("kdf", kdfNode);
    crypto.put("checksum", checksumNode);
    crypto.put("cipher", cipherNode);
    final Map<String, Object> root = new LinkedHashMap<>();
    root.put("crypto", crypto);
    root.put("description", description);
    root.put("pubkey", pubkey.map(k -> Hex.encodeBare(k.toBytes())).orElse(""));
    root.put("path", path);
    root.put("uuid", uuid.toString());
    root.put("version", VERSION);
    try {
      return MAPPER.writeValueAsString(root);
    } catch (final JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise keystore", e);
    }
  }

  /** Writes the JSON to a file (via a temporary file in the same folder, then a rename). */
  public void write(final Path file) {
    try {
      final Path parent = file.toAbsolutePath().getParent();
      final Path temp = Files.createTempFile(parent, ".keystore", ".tmp");
      Files.writeString(temp, toJson());
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (final IOException e) {
      throw new KeystoreException(file.toString(), "cannot write file (" + e + ")");
    }
  }

  public KdfParams kdf() {
    return kdf;
  }

  public Optional<BlsPublicKey> pubkey() {
    return pubkey;
  }

  public String path() {
    return path;
  }

  public UUID uuid() {
    return uuid;
  }

  public String description() {
    return description;
  }

  /** Where the keystore came from (file path), for messages. */
  public String source() {
    return source;
  }

  byte[] checksumBytes() {
    return checksum.clone();
  }

  byte[] cipherMessage() {
    return cipherMessage.clone();
  }

  @Override
  public String toString() {
    return "Eip2335Keystore["
        + source
        + ", pubkey="
        + pubkey.map(BlsPublicKey::toHex).orElse("")
        + ", path="
        + path
        + "]";
  }
}
