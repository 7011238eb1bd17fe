package io.dvc.config.ceremony;

import java.nio.file.Path;
import java.util.List;

/** Where the validator keys of a ceremony come from. */
public sealed interface KeySource {
  /**
   * {@code count} fresh random keys with no mnemonic (no backup but the shares): for tests and
   * local testnets, where deriving keys from a mnemonic would only cost time.
   */
  record RandomKeys(int count) implements KeySource {}

  /** {@code count} keys from a new 24-word BIP-39 mnemonic (returned once in the result). */
  record NewMnemonic(int count) implements KeySource {}

  /**
   * {@code count} keys from a given mnemonic, EIP-2334 signing paths m/12381/3600/i/0/0 for i =
   * startIndex.., as staking-deposit-cli derives them (empty BIP-39 passphrase).
   */
  record GivenMnemonic(String mnemonic, int startIndex, int count) implements KeySource {
    @Override
    public String toString() {
      return "GivenMnemonic[start " + startIndex + ", count " + count + "]";
    }
  }

  /** Existing EIP-2335 keystores, each with its password file. */
  record Keystores(List<KeystoreInput> keystores) implements KeySource {
    public Keystores {
      keystores = List.copyOf(keystores);
    }
  }

  /** One keystore file and the file holding its password. */
  record KeystoreInput(Path keystore, Path passwordFile) {}
}
