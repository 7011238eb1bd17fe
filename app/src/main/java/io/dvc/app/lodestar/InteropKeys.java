package io.dvc.app.lodestar;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.keystore.Eip2335Keystore;
import io.dvc.bls.keystore.KdfParams;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The publicly known interop validator keys of the eth2 "mocked start" (eth2.0-pm interop): {@code
 * sk(i) = int.from_bytes(sha256(i.to_bytes(32, "little")), "little") mod r}. Every consensus client
 * builds its dev/interop genesis from them (Lodestar: {@code interopSecretKey}). They are secret to
 * nobody: use them on throw-away local chains only.
 */
public final class InteropKeys {
  /** Password of the keystores {@link #writeKeystores} writes; the keys are public anyway. */
  public static final String PASSWORD = "interop";

  private InteropKeys() {}

  /** The interop secret key of validator {@code index}. */
  public static BlsSecretKey secretKey(final int index) {
    if (index < 0) {
      throw new IllegalArgumentException("interop index " + index + " is negative");
    }
    final byte[] indexBytes =
        ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putLong(index).array();
    final byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(indexBytes);
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
    final byte[] bigEndian = new byte[digest.length];
    for (int i = 0; i < digest.length; i++) {
      bigEndian[i] = digest[digest.length - 1 - i];
    }
    return BlsSecretKey.fromScalar(new BigInteger(1, bigEndian).mod(Bls.CURVE_ORDER));
  }

  /**
   * Writes an EIP-2335 keystore {@code interop-I.json} and its password file {@code interop-I.txt}
   * for every index in [from, to), as {@code dvc create-cluster --split-keys-dir} reads them. The
   * KDF is PBKDF2 with 16 iterations: these keys are public, so a costly KDF would only slow tests
   * down.
   */
  public static List<Path> writeKeystores(final Path dir, final int from, final int to)
      throws java.io.IOException {
    Files.createDirectories(dir);
    final SecureRandom random = new SecureRandom();
    final List<Path> written = new ArrayList<>();
    for (int index = from; index < to; index++) {
      final byte[] salt = new byte[32];
      final byte[] iv = new byte[16];
      random.nextBytes(salt);
      random.nextBytes(iv);
      final Eip2335Keystore keystore =
          Eip2335Keystore.encrypt(
              secretKey(index),
              PASSWORD,
              "",
              new KdfParams.Pbkdf2(32, 16, salt),
              iv,
              UUID.randomUUID(),
              "interop validator " + index);
      final Path file = dir.resolve("interop-" + index + ".json");
      keystore.write(file);
      Files.writeString(dir.resolve("interop-" + index + ".txt"), PASSWORD);
      written.add(file);
    }
    return List.copyOf(written);
  }
}
