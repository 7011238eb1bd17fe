package io.dvc.config.ceremony;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.keys.Bip39;
import io.dvc.bls.keys.Eip2333;
import io.dvc.bls.keys.Eip2334Path;
import io.dvc.bls.keystore.Eip2335Keystore;
import io.dvc.bls.keystore.KeystoreException;
import io.dvc.common.bytes.SecretBytes;
import io.dvc.config.operator.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validator secret keys of a ceremony, in memory only. */
final class ValidatorKeyLoader {
  static final int MNEMONIC_WORDS = 24;
  static final int MAX_VALIDATORS = 65_536;

  /** The keys and, when one was generated, the mnemonic. */
  record Keys(List<BlsSecretKey> secretKeys, Optional<String> generatedMnemonic) {
    void destroy() {
      secretKeys.forEach(BlsSecretKey::destroy);
    }
  }

  private ValidatorKeyLoader() {}

  static Keys load(final KeySource source, final SecureRandom random) {
    if (source instanceof KeySource.RandomKeys r) {
      checkCount(r.count());
      final List<BlsSecretKey> keys = new ArrayList<>(r.count());
      for (int i = 0; i < r.count(); i++) {
        keys.add(BlsSecretKey.random(random));
      }
      return new Keys(keys, Optional.empty());
    }
    if (source instanceof KeySource.NewMnemonic m) {
      checkCount(m.count());
      final String mnemonic = Bip39.generateMnemonic(random, MNEMONIC_WORDS);
      return new Keys(fromMnemonic(mnemonic, 0, m.count()), Optional.of(mnemonic));
    }
    if (source instanceof KeySource.GivenMnemonic m) {
      checkCount(m.count());
      if (!Bip39.isValid(m.mnemonic())) {
        throw new CeremonyException(
            "mnemonic: not a valid BIP-39 English mnemonic (unknown word or bad checksum)");
      }
      if (m.startIndex() < 0) {
        throw new CeremonyException("mnemonic start index " + m.startIndex() + " is negative");
      }
      return new Keys(fromMnemonic(m.mnemonic(), m.startIndex(), m.count()), Optional.empty());
    }
    return new Keys(fromKeystores(((KeySource.Keystores) source).keystores()), Optional.empty());
  }

  private static void checkCount(final int count) {
    if (count < 1 || count > MAX_VALIDATORS) {
      throw new CeremonyException(
          "number of validators " + count + " is outside 1.." + MAX_VALIDATORS);
    }
  }

  private static List<BlsSecretKey> fromMnemonic(
      final String mnemonic, final int start, final int count) {
    final byte[] seed = Bip39.mnemonicToSeed(mnemonic, "");
    try {
      final List<BlsSecretKey> keys = new ArrayList<>(count);
      for (int i = start; i < start + count; i++) {
        keys.add(Eip2333.deriveSK(seed, Eip2334Path.signing(i)));
      }
      return keys;
    } finally {
      SecretBytes.wipe(seed);
    }
  }

  private static List<BlsSecretKey> fromKeystores(final List<KeySource.KeystoreInput> inputs) {
    if (inputs.isEmpty()) {
      throw new CeremonyException("no keystores given");
    }
    checkCount(inputs.size());
    final List<BlsSecretKey> keys = new ArrayList<>(inputs.size());
    final Map<BlsPublicKey, KeySource.KeystoreInput> seen = new HashMap<>();
    try {
      for (final KeySource.KeystoreInput input : inputs) {
        final BlsSecretKey key = decrypt(input);
        keys.add(key);
        final KeySource.KeystoreInput previous = seen.putIfAbsent(key.publicKey(), input);
        if (previous != null) {
          throw new CeremonyException(
              "keystore " + input.keystore() + ": same validator key as " + previous.keystore());
        }
      }
      return keys;
    } catch (final RuntimeException e) {
      keys.forEach(BlsSecretKey::destroy);
      throw e;
    }
  }

  private static BlsSecretKey decrypt(final KeySource.KeystoreInput input) {
    if (!Files.isRegularFile(input.passwordFile())) {
      throw new CeremonyException(
          "password file "
              + input.passwordFile()
              + " of keystore "
              + input.keystore()
              + " is missing");
    }
    final String password;
    try {
      password = SecretFiles.readPassword(input.passwordFile());
    } catch (final IOException e) {
      throw new CeremonyException(
          "password file "
              + input.passwordFile()
              + ": cannot read ("
              + e.getClass().getSimpleName()
              + ")");
    }
    try {
      return Eip2335Keystore.load(input.keystore()).decrypt(password);
    } catch (final KeystoreException e) {
      throw new CeremonyException(e.getMessage());
    }
  }
}
