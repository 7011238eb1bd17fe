package io.dvc.config.operator;

import io.dvc.common.bytes.Hex;
import io.dvc.common.bytes.SecretBytes;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The operator identity key file: the 32-byte secp256k1 secret as one line of 0x-hex, mode 0600.
 */
public final class IdentityKeyFile {
  private IdentityKeyFile() {}

  /**
   * Makes a new random identity key and writes it to a new file (mode 0600), refusing to overwrite
   * an existing one; nothing is left behind when writing fails.
   *
   * @return the new key's peer id (what the operator shares)
   * @throws OperatorConfigException naming the file and the reason
   */
  public static PeerId create(final Path file, final SecureRandom random) {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new OperatorConfigException(
          file + ": already exists; refusing to overwrite an identity key");
    }
    final Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new OperatorConfigException(file + ": parent directory does not exist");
    }
    final byte[] secret = new byte[32];
    try {
      while (true) {
        random.nextBytes(secret);
        try {
          final NodeKey key = NodeKey.fromSecretBytes(secret);
          final PeerId peerId = key.peerId();
          key.destroy();
          writeNew(file, secret);
          return peerId;
        } catch (final IllegalArgumentException outOfRange) {
          // Not a valid secp256k1 scalar (probability about 2^-128): draw again.
        }
      }
    } finally {
      SecretBytes.wipe(secret);
    }
  }

  private static void writeNew(final Path file, final byte[] secret) {
    try {
      write(file, secret);
    } catch (final FileAlreadyExistsException e) {
      throw new OperatorConfigException(
          file + ": already exists; refusing to overwrite an identity key");
    } catch (final IOException e) {
      try {
        Files.deleteIfExists(file);
      } catch (final IOException ignored) {
        // Reported below; the file may not have been created at all.
      }
      throw new OperatorConfigException(
          file + ": cannot write identity key (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Writes a new identity key file (which must not exist). */
  public static void write(final Path file, final byte[] secret) throws IOException {
    SecretFiles.writeOwnerOnly(file, Hex.encode(secret) + "\n");
  }

  /**
   * Reads an identity key.
   *
   * @throws OperatorConfigException naming the file and the reason (never the key)
   */
  public static NodeKey read(final Path file) {
    final String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (final IOException e) {
      throw new OperatorConfigException(
          file + ": cannot read identity key (" + e.getClass().getSimpleName() + ")");
    }
    byte[] secret = null;
    try {
      secret = Hex.decode(text, 32);
      return NodeKey.fromSecretBytes(secret);
    } catch (final IllegalArgumentException e) {
      throw new OperatorConfigException(file + ": not a 32-byte 0x-hex secp256k1 secret key");
    } finally {
      if (secret != null) {
        SecretBytes.wipe(secret);
      }
    }
  }
}
