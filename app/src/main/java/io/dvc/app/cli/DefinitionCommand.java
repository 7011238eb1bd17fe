package io.dvc.app.cli;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.WithdrawalType;
import io.dvc.config.ceremony.CeremonyRequest;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.DefinitionFile;
import io.dvc.config.cluster.LockHashCalculator;
import io.dvc.config.cluster.Operator;
import io.dvc.config.cluster.OperatorArgument;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.p2p.crypto.NodeKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dvc definition create|verify}: a cluster-definition.json without editing JSON by hand. */
@Command(
    name = "definition",
    mixinStandardHelpOptions = true,
    description = "Cluster definitions (docs/cluster-files.md).",
    subcommands = {DefinitionCommand.Create.class, DefinitionCommand.Verify.class})
public final class DefinitionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code dvc definition create …}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Write a new cluster-definition.json whose operators bring their own identity keys"
              + " (peer ids from dvc identity create). Every rule is checked before anything is"
              + " written; an existing file is never overwritten.")
  public static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--name", required = true, description = "Cluster name.")
    String name;

    @Option(
        names = "--network",
        description = "mainnet, hoodi, holesky, sepolia (or custom with --fork-version).")
    String network;

    @Option(
        names = "--fork-version",
        description = "GENESIS_FORK_VERSION of a custom network, 0x + 8 hex digits.")
    String forkVersion;

    @Option(
        names = "--operator",
        required = true,
        paramLabel = "NAME=PEER_ID@MULTIADDR[,MULTIADDR]",
        description =
            "One per operator, in share-index order: its name, peer id and the addresses the"
                + " others dial it at (e.g. alice=16Uiu2…@/ip4/203.0.113.1/tcp/3610).")
    List<String> operators;

    @Option(names = "--threshold", description = "Threshold t (default ceil(2n/3); must be > n/2).")
    Integer threshold;

    @Option(names = "--validators", required = true, description = "Number of validators.")
    int validators;

    @Option(
        names = "--withdrawal-address",
        required = true,
        description = "Execution address the withdrawal credentials point to.")
    String withdrawalAddress;

    @Option(names = "--withdrawal-type", description = "0x01 (default) or 0x02 (compounding).")
    String withdrawalType = "0x01";

    @Option(names = "--fee-recipient", required = true, description = "Fee recipient address.")
    String feeRecipient;

    @Option(
        names = "--deposit-amount-gwei",
        description = "Deposit per validator in Gwei (default: ${DEFAULT-VALUE}).")
    long depositAmountGwei = CeremonyRequest.DEFAULT_DEPOSIT_GWEI;

    @Option(
        names = "--output",
        description = "The file to write (default: ${DEFAULT-VALUE}; must not exist).")
    Path output = Path.of(ClusterFiles.DEFINITION_FILE);

    @Override
    public Integer call() {
      final PrintWriter err = spec.commandLine().getErr();
      try {
        final ClusterDefinition definition = definition();
        final List<String> warnings = DefinitionFile.create(output, definition);
        warnings.forEach(err::println);
        err.flush();
        spec.commandLine()
            .getOut()
            .printf(
                "Wrote %s: cluster '%s', %d operators, threshold %d, %d validators, network %s,"
                    + " definition hash %s%n",
                output,
                definition.name(),
                definition.operatorCount(),
                definition.threshold(),
                definition.numValidators(),
                definition.network().name(),
                LockHashCalculator.definitionHash(definition).toHex());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (final ClusterConfigException | CreateClusterCommand.UsageError e) {
        err.println("dvc definition create: " + e.getMessage());
        err.flush();
        return 1;
      }
    }

    private ClusterDefinition definition() {
      final List<Operator> parsed = new ArrayList<>();
      for (int i = 0; i < operators.size(); i++) {
        parsed.add(OperatorArgument.parse(operators.get(i), "--operator[" + i + "]"));
      }
      final int t =
          threshold == null ? ClusterDefinition.defaultThreshold(parsed.size()) : threshold;
      return new ClusterDefinition(
          ClusterDefinition.VERSION,
          name,
          CreateClusterCommand.network(network, forkVersion),
          parsed,
          t,
          validators,
          CreateClusterCommand.address("--withdrawal-address", withdrawalAddress),
          WithdrawalType.fromText(withdrawalType)
              .orElseThrow(
                  () ->
                      new CreateClusterCommand.UsageError(
                          "--withdrawal-type: '" + withdrawalType + "' is not 0x01 or 0x02")),
          CreateClusterCommand.address("--fee-recipient", feeRecipient),
          depositAmountGwei);
    }
  }

  /** {@code dvc definition verify FILE [--identity-key KEY]}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Check a cluster-definition.json (format and every rule); with --identity-key, also"
              + " that this operator is in it. Exit 0 and one OK line, or 1 and one error line.")
  public static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The cluster-definition.json.")
    Path file;

    @Option(
        names = "--identity-key",
        description = "This operator's identity-key file: check that its peer id is an operator.")
    Path identityKey;

    @Override
    public Integer call() {
      final PrintWriter err = spec.commandLine().getErr();
      try {
        final ClusterFiles.LoadedDefinition loaded = ClusterFiles.loadDefinition(file);
        final ClusterDefinition d = loaded.definition();
        String self = "";
        if (identityKey != null) {
          self = ", you are " + self(d);
        }
        loaded.warnings().forEach(err::println);
        err.flush();
        spec.commandLine()
            .getOut()
            .printf(
                "OK %s: cluster '%s', %d operators, threshold %d, %d validators, network %s,"
                    + " definition hash %s%s%n",
                file,
                d.name(),
                d.operatorCount(),
                d.threshold(),
                d.numValidators(),
                d.network().name(),
                LockHashCalculator.definitionHash(d).toHex(),
                self);
        spec.commandLine().getOut().flush();
        return 0;
      } catch (final ClusterConfigException | OperatorConfigException e) {
        err.println("dvc definition verify: " + e.getMessage());
        err.flush();
        return 1;
      }
    }

    private String self(final ClusterDefinition d) {
      final NodeKey key = IdentityKeyFile.read(identityKey);
      try {
        for (int i = 0; i < d.operators().size(); i++) {
          if (d.operators().get(i).peerId().equals(key.peerId())) {
            return "operator '" + d.operators().get(i).name() + "' (share index " + (i + 1) + ")";
          }
        }
        throw new OperatorConfigException(
            identityKey + ": peer id " + key.peerId() + " is not an operator of " + file);
      } finally {
        key.destroy();
      }
    }
  }
}
