package io.dvc.config.ceremony;

import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.spec.ssz.Bytes;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a dealer ceremony makes: {@code outputDirectory} must not exist (or be an empty directory);
 * threshold defaults to ceil(2n/3).
 */
public record CeremonyRequest(
    Path outputDirectory,
    String clusterName,
    Network network,
    OperatorSource operators,
    OptionalInt threshold,
    KeySource keys,
    Bytes withdrawalAddress,
    WithdrawalType withdrawalType,
    Bytes feeRecipient,
    long depositAmountGwei,
    KdfChoice kdf) {
  public static final long DEFAULT_DEPOSIT_GWEI = 32_000_000_000L;

  public CeremonyRequest {
    Objects.requireNonNull(outputDirectory, "outputDirectory");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(operators, "operators");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(withdrawalAddress, "withdrawalAddress");
    Objects.requireNonNull(withdrawalType, "withdrawalType");
    Objects.requireNonNull(feeRecipient, "feeRecipient");
    Objects.requireNonNull(kdf, "kdf");
  }

  /**
   * The quick form {@code dvc testnet} uses: n generated operators (with the given addresses, or
   * none), {@code validators} random keys (no mnemonic), a custom network, 32 ETH 0x01 deposits and
   * the insecure fast KDF.
   */
  public static CeremonyRequest testnet(
      final Path outputDirectory,
      final OperatorSource.Generate operators,
      final int validators,
      final Bytes genesisForkVersion,
      final Bytes withdrawalAddress,
      final Bytes feeRecipient) {
    return new CeremonyRequest(
        outputDirectory,
        "testnet",
        new Network(Network.CUSTOM, genesisForkVersion),
        operators,
        OptionalInt.empty(),
        new KeySource.RandomKeys(validators),
        withdrawalAddress,
        WithdrawalType.ETH1_ADDRESS,
        feeRecipient,
        DEFAULT_DEPOSIT_GWEI,
        KdfChoice.INSECURE_FAST_PBKDF2);
  }
}
