package io.dvc.config.operator;

import io.dvc.common.bytes.Hex;
import io.dvc.common.bytes.SecretBytes;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operator identity key file: the 32-byte secp256k1 secret as one line of 0x-hex, mode 0600.
 */
public final class IdentityKeyFile {
  private IdentityKeyFile() {}

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
