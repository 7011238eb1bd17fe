package io.dvc.dkg.cli;

import io.dvc.config.ceremony.KdfChoice;
import io.dvc.dkg.net.DkgException;
import io.dvc.dkg.net.ReshareCeremony;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dvc reshare}: give a new operator set fresh shares of the same validator keys. Old
 * operators that deal run it with {@code --old-data-dir}, new operators with {@code --old-lock};
 * everyone with the same {@code --new-definition} and {@code --dealers}. Exit 0, 1 with one line
 * naming the file or participant at fault (nothing written), 2 for usage errors.
 */
@Command(
    name = "reshare",
    mixinStandardHelpOptions = true,
    description =
        "Reshare a cluster's validator keys to a new operator set (e.g. replace an operator, or"
            + " change n and t): at least t old operators re-deal their shares, the new operators"
            + " combine them; the distributed keys and deposit data stay the same, the old shares"
            + " become useless to the new set. New operators write a new operator directory. Carry"
            + " slashing protection over with dvc slashing-protection export/import before the new"
            + " cluster signs.")
public final class ReshareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--old-data-dir",
      description = "This old operator's directory (lock and keystores); for dealers.")
  Path oldDataDir;

  @Option(names = "--old-lock", description = "The old cluster-lock.json; for new operators.")
  Path oldLock;

  @Option(
      names = "--new-definition",
      required = true,
      description = "The new cluster-definition.json (same network, withdrawal and validators).")
  Path newDefinition;

  @Option(
      names = "--dealers",
      required = true,
      split = ",",
      description = "Old share indices that deal (at least the old threshold), e.g. 1,2,3.")
  List<Integer> dealers;

  @Option(
      names = "--identity-key",
      required = true,
      description = "This participant's identity key.")
  Path identityKey;

  @Option(names = "--output", description = "New operator directory to create (new operators).")
  Path output;

  @Option(names = "--p2p-listen", description = "Multiaddr to listen on (default: own address).")
  String listen;

  @Option(names = "--connect-timeout", description = "Seconds for everyone to connect (120).")
  long connectTimeoutSeconds = 120;

  @Option(names = "--phase-timeout", description = "Seconds per later phase (60).")
  long phaseTimeoutSeconds = 60;

  @Option(
      names = "--insecure-fast-kdf",
      description = "INSECURE: cheap PBKDF2 (c=16) for tests and local testnets only.")
  boolean insecureFastKdf;

  @Override
  public Integer call() throws InterruptedException {
    final PrintWriter out = spec.commandLine().getOut();
    final PrintWriter err = spec.commandLine().getErr();
    final ReshareCeremony.Request request;
    try {
      if (connectTimeoutSeconds <= 0 || phaseTimeoutSeconds <= 0) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
      request =
          new ReshareCeremony.Request(
              Optional.ofNullable(oldDataDir),
              Optional.ofNullable(oldLock),
              newDefinition,
              Set.copyOf(dealers),
              identityKey,
              Optional.ofNullable(output),
              insecureFastKdf ? KdfChoice.INSECURE_FAST_PBKDF2 : KdfChoice.SCRYPT,
              Duration.ofSeconds(connectTimeoutSeconds),
              Duration.ofSeconds(phaseTimeoutSeconds),
              Optional.ofNullable(listen).map(Multiaddr::fromString));
    } catch (final RuntimeException e) {
      err.println("dvc reshare: " + e.getMessage());
      err.flush();
      return 2;
    }
    try {
      final ReshareCeremony.Result result = ReshareCeremony.run(request, new SecureRandom());
      out.printf(
          "reshare complete: new lock hash %s, %d validators (keys unchanged)%n",
          result.lock().lockHash().toHex(), result.lock().validators().size());
      result
          .directory()
          .ifPresentOrElse(
              d -> out.printf("  operator %d: %s%n", result.shareIndex(), d),
              () -> out.println("  this participant is not in the new cluster; nothing written"));
      return 0;
    } catch (final DkgException e) {
      err.println("dvc reshare: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Standalone entry point until the command is registered in the {@code dvc} CLI. */
  public static void main(final String[] args) {
    System.exit(new CommandLine(new ReshareCommand()).execute(args));
  }
}
