package io.dvc.app.cli;

import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dvc identity create|show}: an operator's secp256k1 identity key (its libp2p peer id). */
@Command(
    name = "identity",
    mixinStandardHelpOptions = true,
    description =
        "Operator identity keys (secp256k1; the peer id is what others put in a definition).",
    subcommands = {IdentityCommand.Create.class, IdentityCommand.Show.class})
public final class IdentityCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code dvc identity create --output FILE}: prints the new peer id alone on stdout. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Make a new identity key in a new file (mode 0600; never overwrites) and print its peer"
              + " id. Keep the file secret; share the peer id.")
  public static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--output", required = true, description = "The identity-key file to write.")
    Path output;

    @Override
    public Integer call() {
      final PrintWriter err = spec.commandLine().getErr();
      try {
        final PeerId peerId = IdentityKeyFile.create(output, new SecureRandom());
        spec.commandLine().getOut().println(peerId.toBase58());
        spec.commandLine().getOut().flush();
        err.println("identity key written to " + output + " (keep it secret; share the peer id)");
        err.flush();
        return 0;
      } catch (final OperatorConfigException e) {
        err.println("dvc identity create: " + e.getMessage());
        err.flush();
        return 1;
      }
    }
  }

  /** {@code dvc identity show FILE}: prints the peer id of an identity key. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print the peer id of an identity-key file.")
  public static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The identity-key file.")
    Path file;

    @Override
    public Integer call() {
      try {
        final NodeKey key = IdentityKeyFile.read(file);
        try {
          spec.commandLine().getOut().println(key.peerId().toBase58());
          spec.commandLine().getOut().flush();
        } finally {
          key.destroy();
        }
        return 0;
      } catch (final OperatorConfigException e) {
        spec.commandLine().getErr().println("dvc identity show: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return 1;
      }
    }
  }
}
