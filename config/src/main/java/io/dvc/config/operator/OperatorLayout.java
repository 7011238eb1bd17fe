package io.dvc.config.operator;

import java.nio.file.Path;

/**
 * The files of one operator directory as written by {@code dvc create-cluster}:
 *
 * <pre>
 * operator-1/
 *   identity-key                  secp256k1 secret, 0x-hex, mode 0600 (absent when the operator
 *                                 brought its own key)
 *   cluster-lock.json
 *   deposit-data.json
 *   validator_keys/keystore-0.json, keystore-0.txt, ...   one EIP-2335 keystore per validator
 *                                 (index = position in the lock) and its password (mode 0600)
 * </pre>
 */
public final class OperatorLayout {
  public static final String IDENTITY_KEY = "identity-key";
  public static final String VALIDATOR_KEYS = "validator_keys";

  private OperatorLayout() {}

  public static Path identityKey(final Path operatorDir) {
    return operatorDir.resolve(IDENTITY_KEY);
  }

  public static Path keystore(final Path operatorDir, final int validatorIndex) {
    return operatorDir.resolve(VALIDATOR_KEYS).resolve("keystore-" + validatorIndex + ".json");
  }

  public static Path passwordFile(final Path operatorDir, final int validatorIndex) {
    return operatorDir.resolve(VALIDATOR_KEYS).resolve("keystore-" + validatorIndex + ".txt");
  }
}
