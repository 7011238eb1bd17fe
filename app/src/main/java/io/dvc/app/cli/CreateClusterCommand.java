package io.dvc.app.cli;

import io.dvc.common.bytes.Hex;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.ceremony.CeremonyException;
import io.dvc.config.ceremony.CeremonyRequest;
import io.dvc.config.ceremony.CeremonyResult;
import io.dvc.config.ceremony.DealerCeremony;
import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.ceremony.KeySource;
import io.dvc.config.ceremony.OperatorSource;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dvc create-cluster}: the dealer-mode key ceremony (see docs/cluster-files.md). */
@Command(
    name = "create-cluster",
    mixinStandardHelpOptions = true,
    description =
        "Split validator keys into one bundle per operator (dealer mode). Everything is written to a"
            + " temporary directory beside --output and moved into place only after verification.")
public final class CreateClusterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--name", description = "Cluster name (default: ${DEFAULT-VALUE}).")
  String name = "dvc-cluster";

  @Option(names = "--nodes", description = "Number of operators n (named operator-1..operator-n).")
  Integer nodes;

  @Option(
      names = "--operator-names",
      split = ",",
      description = "Operator names (also their directory names); sets n.")
  List<String> operatorNames;

  @Option(
      names = "--operator-addresses",
      split = ",",
      description =
          "One multiaddr per operator, in operator order, where the others dial it (e.g."
              + " /ip4/127.0.0.1/tcp/3610); written into the lock.")
  List<String> operatorAddresses;

  @Option(
      names = "--definition",
      description =
          "cluster-definition.json whose operators bring their own identity keys (peer ids); it also gives every cluster setting.")
  Path definition;

  @Option(names = "--threshold", description = "Threshold t (default ceil(2n/3); must be > n/2).")
  Integer threshold;

  @Option(
      names = "--validators",
      description =
          "Number of new validator keys (from a new BIP-39 mnemonic, or from --mnemonic-file).")
  Integer validators;

  @Option(
      names = "--mnemonic-file",
      description =
          "File holding an existing BIP-39 mnemonic to derive the keys from (EIP-2334 m/12381/3600/i/0/0).")
  Path mnemonicFile;

  @Option(
      names = "--mnemonic-start-index",
      description = "First key index i with --mnemonic-file (default: ${DEFAULT-VALUE}).")
  int mnemonicStartIndex = 0;

  @Option(
      names = "--split-keys-dir",
      description =
          "Split existing EIP-2335 keystores: every *.json in this directory, each with its password in the same-named .txt file.")
  Path splitKeysDir;

  @Option(
      names = "--network",
      description = "mainnet, hoodi, holesky, sepolia (or custom with --fork-version).")
  String network;

  @Option(
      names = "--fork-version",
      description = "GENESIS_FORK_VERSION of a custom network, 0x + 8 hex digits.")
  String forkVersion;

  @Option(
      names = "--withdrawal-address",
      description = "Execution address the withdrawal credentials point to.")
  String withdrawalAddress;

  @Option(names = "--withdrawal-type", description = "0x01 (default) or 0x02 (compounding).")
  String withdrawalType = "0x01";

  @Option(names = "--fee-recipient", description = "Fee recipient execution address.")
  String feeRecipient;

  @Option(
      names = "--deposit-amount-gwei",
      description = "Deposit per validator in Gwei (default: ${DEFAULT-VALUE}).")
  long depositAmountGwei = CeremonyRequest.DEFAULT_DEPOSIT_GWEI;

  @Option(
      names = "--kdf",
      description = "Share keystore KDF: scrypt (default, EIP-2335 cost) or pbkdf2.")
  String kdf = "scrypt";

  @Option(
      names = "--insecure-fast-kdf",
      description = "INSECURE: cheap PBKDF2 (c=16) for tests and local testnets only.")
  boolean insecureFastKdf;

  @Option(
      names = "--output",
      required = true,
      description = "Output directory (must not exist or be empty).")
  Path output;

  @Override
  public Integer call() {
    final PrintWriter err = spec.commandLine().getErr();
    final PrintWriter out = spec.commandLine().getOut();
    final CeremonyResult result;
    try {
      result = new DealerCeremony(new SecureRandom()).run(request());
    } catch (final CeremonyException | ClusterConfigException | UsageError e) {
      err.println("dvc create-cluster: " + e.getMessage());
      err.flush();
      return 1;
    }
    result.warnings().forEach(w -> err.println("warning: " + w));
    report(out, result);
    return 0;
  }

  private void report(final PrintWriter out, final CeremonyResult result) {
    final ClusterDefinition d = result.lock().definition();
    out.printf(
        "Created cluster '%s': %d operators, threshold %d, %d validators, network %s, lock hash %s%n",
        d.name(),
        d.operatorCount(),
        d.threshold(),
        d.numValidators(),
        d.network().name(),
        result.lock().lockHash().toHex());
    result.operatorDirectories().forEach(dir -> out.println("  " + dir));
    out.println(
        "  "
            + result.outputDirectory().resolve(ClusterFiles.DEPOSIT_DATA_FILE)
            + " (launchpad deposit data)");
    if (insecureFastKdf) {
      out.println(
          "WARNING: share keystores use the INSECURE fast KDF; never use them for real funds.");
    }
    result
        .generatedMnemonic()
        .ifPresent(
            m -> {
              out.println();
              out.println(
                  "Your validator mnemonic. It is shown only this once and written nowhere;");
              out.println("write it down and keep it offline. It recovers every validator key:");
              out.println();
              out.println("  " + m);
              out.println();
            });
    out.flush();
  }

  /** A bad combination of options. */
  static final class UsageError extends RuntimeException {
    UsageError(final String message) {
      super(message);
    }
  }

  private CeremonyRequest request() {
    if (definition != null) {
      if (operatorAddresses != null) {
        throw new UsageError(
            "--definition gives the operators' addresses; drop --operator-addresses");
      }
      return fromDefinition();
    }
    if (withdrawalAddress == null || feeRecipient == null) {
      throw new UsageError("--withdrawal-address and --fee-recipient are required");
    }
    return new CeremonyRequest(
        output,
        name,
        network(),
        operators(),
        threshold == null ? OptionalInt.empty() : OptionalInt.of(threshold),
        keySource(),
        address("--withdrawal-address", withdrawalAddress),
        WithdrawalType.fromText(withdrawalType)
            .orElseThrow(
                () ->
                    new UsageError(
                        "--withdrawal-type: '" + withdrawalType + "' is not 0x01 or 0x02")),
        address("--fee-recipient", feeRecipient),
        depositAmountGwei,
        kdfChoice());
  }

  private CeremonyRequest fromDefinition() {
    if (nodes != null
        || operatorNames != null
        || network != null
        || forkVersion != null
        || threshold != null
        || withdrawalAddress != null
        || feeRecipient != null) {
      throw new UsageError(
          "--definition gives the operators and cluster settings; drop the other cluster options");
    }
    final ClusterDefinition d = ClusterFiles.loadDefinition(definition).definition();
    final KeySource keys = keySource(d.numValidators());
    return new CeremonyRequest(
        output,
        d.name(),
        d.network(),
        new OperatorSource.BringOwn(d.operators()),
        OptionalInt.of(d.threshold()),
        keys,
        d.withdrawalAddress(),
        d.withdrawalType(),
        d.feeRecipient(),
        d.depositAmountGwei(),
        kdfChoice());
  }

  private Network network() {
    return network(network, forkVersion);
  }

  /** The network of {@code --network} / {@code --fork-version} (shared with dvc definition). */
  static Network network(final String network, final String forkVersion) {
    if (forkVersion != null) {
      if (network != null && !Network.CUSTOM.equals(network)) {
        throw new UsageError(
            "--fork-version is for --network custom only (a named network has its own)");
      }
      try {
        return Network.custom(forkVersion);
      } catch (final IllegalArgumentException e) {
        throw new UsageError(
            "--fork-version: '" + forkVersion + "' is not 4 bytes of hex (" + e.getMessage() + ")");
      }
    }
    if (network == null) {
      throw new UsageError(
          "--network (mainnet, hoodi, holesky, sepolia) or --fork-version is required");
    }
    return Network.byName(network)
        .orElseThrow(
            () ->
                new UsageError(
                    "--network: unknown network '"
                        + network
                        + "' (known: "
                        + Network.knownNames()
                        + " with --fork-version)"));
  }

  private OperatorSource operators() {
    final List<String> names = new ArrayList<>();
    if (operatorNames != null) {
      if (nodes != null && nodes != operatorNames.size()) {
        throw new UsageError(
            "--nodes " + nodes + " disagrees with " + operatorNames.size() + " --operator-names");
      }
      operatorNames.forEach(n -> names.add(n.trim()));
    } else {
      if (nodes == null) {
        throw new UsageError("--nodes or --operator-names is required");
      }
      if (nodes < 1 || nodes > 255) {
        throw new UsageError("--nodes " + nodes + " is outside 1..255");
      }
      for (int i = 1; i <= nodes; i++) {
        names.add("operator-" + i);
      }
    }
    if (operatorAddresses != null && operatorAddresses.size() != names.size()) {
      throw new UsageError(
          "--operator-addresses has "
              + operatorAddresses.size()
              + " addresses for "
              + names.size()
              + " operators (one each)");
    }
    final List<OperatorSource.OperatorSpec> specs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      specs.add(
          new OperatorSource.OperatorSpec(
              names.get(i),
              operatorAddresses == null
                  ? List.of()
                  : List.of(multiaddr(operatorAddresses.get(i).trim()))));
    }
    return new OperatorSource.Generate(specs);
  }

  private static Multiaddr multiaddr(final String text) {
    try {
      return Multiaddr.fromString(text);
    } catch (final RuntimeException e) {
      throw new UsageError(
          "--operator-addresses: '" + text + "' is not a multiaddr (" + e.getMessage() + ")");
    }
  }

  private KeySource keySource() {
    return keySource(validators == null ? -1 : validators);
  }

  private KeySource keySource(final int count) {
    if (splitKeysDir != null) {
      if (validators != null || mnemonicFile != null) {
        throw new UsageError("--split-keys-dir excludes --validators and --mnemonic-file");
      }
      return new KeySource.Keystores(keystores(splitKeysDir));
    }
    if (validators != null && count != validators) {
      throw new UsageError(
          "--validators "
              + validators
              + " disagrees with num_validators "
              + count
              + " of the definition");
    }
    if (count < 0) {
      throw new UsageError(
          "--validators (new keys) or --split-keys-dir (existing keystores) is required");
    }
    if (mnemonicFile != null) {
      try {
        final String mnemonic =
            String.join(" ", Files.readString(mnemonicFile).trim().split("\\s+"));
        return new KeySource.GivenMnemonic(mnemonic, mnemonicStartIndex, count);
      } catch (final IOException e) {
        throw new UsageError(
            "--mnemonic-file "
                + mnemonicFile
                + ": cannot read ("
                + e.getClass().getSimpleName()
                + ")");
      }
    }
    return new KeySource.NewMnemonic(count);
  }

  private static List<KeySource.KeystoreInput> keystores(final Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UsageError("--split-keys-dir " + dir + ": not a directory");
    }
    final List<KeySource.KeystoreInput> inputs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (final Path file :
          files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        final String base = file.getFileName().toString();
        inputs.add(
            new KeySource.KeystoreInput(
                file, dir.resolve(base.substring(0, base.length() - 5) + ".txt")));
      }
    } catch (final IOException e) {
      throw new UsageError(
          "--split-keys-dir " + dir + ": cannot list (" + e.getClass().getSimpleName() + ")");
    }
    if (inputs.isEmpty()) {
      throw new UsageError("--split-keys-dir " + dir + ": no *.json keystores");
    }
    return inputs;
  }

  private KdfChoice kdfChoice() {
    if (insecureFastKdf) {
      return KdfChoice.INSECURE_FAST_PBKDF2;
    }
    return switch (kdf) {
      case "scrypt" -> KdfChoice.SCRYPT;
      case "pbkdf2" -> KdfChoice.PBKDF2;
      default -> throw new UsageError("--kdf: '" + kdf + "' is not scrypt or pbkdf2");
    };
  }

  static Bytes address(final String option, final String text) {
    if (!text.startsWith("0x")) {
      throw new UsageError(option + ": '" + text + "' must be 0x-prefixed");
    }
    try {
      return Bytes.of(Hex.decode(text, 20));
    } catch (final IllegalArgumentException e) {
      throw new UsageError(
          option + ": '" + text + "' is not a 20-byte address (" + e.getMessage() + ")");
    }
  }
}
