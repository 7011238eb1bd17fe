package io.dvc.dkg.cli;

import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.dkg.net.DkgCeremony;
import io.dvc.dkg.net.DkgException;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dvc dkg --definition FILE --identity-key KEY --output DIR}: this operator's side of a
 * distributed key generation with the definition's other operators. Exit 0 with the written
 * directory, 1 with one line naming the file, field or operator at fault (nothing written), 2 for
 * usage errors.
 */
@Command(
    name = "dkg",
    mixinStandardHelpOptions = true,
    description =
        "Create the cluster's validator keys together with the other operators of a definition,"
            + " without a dealer (Joint-Feldman DKG over libp2p): no whole key ever exists. Every"
            + " operator runs this with the same definition and its own identity key; each writes"
            + " its operator directory (lock, keystores, deposit data), the same as create-cluster"
            + " writes, and only when the whole ceremony completed and verified.")
public final class DkgCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--definition",
      required = true,
      description = "The cluster-definition.json shared by all operators (with their addresses).")
  Path definition;

  @Option(
      names = "--identity-key",
      required = true,
      description = "This operator's identity-key file.")
  Path identityKey;

  @Option(
      names = "--output",
      required = true,
      description = "The operator directory to create (must not exist or be empty).")
  Path output;

  @Option(
      names = "--p2p-listen",
      description =
          "Multiaddr to listen on (default: this operator's first address in the definition).")
  String listen;

  @Option(
      names = "--connect-timeout",
      description = "Seconds to wait for every operator to connect (default: 120).")
  Long connectTimeoutSeconds;

  @Option(
      names = "--phase-timeout",
      description = "Seconds each later phase may take (default: 30 + 0.03 per validator).")
  Long phaseTimeoutSeconds;

  @Option(names = "--kdf", description = "Keystore KDF: scrypt (default) or pbkdf2.")
  String kdf = "scrypt";

  @Option(
      names = "--insecure-fast-kdf",
      description = "INSECURE: cheap PBKDF2 (c=16) for tests and local testnets only.")
  boolean insecureFastKdf;

  @Override
  public Integer call() throws InterruptedException {
    final PrintWriter out = spec.commandLine().getOut();
    final PrintWriter err = spec.commandLine().getErr();
    final DkgCeremony.Request request;
    try {
      request =
          new DkgCeremony.Request(
              definition,
              identityKey,
              output,
              kdfChoice(),
              seconds(connectTimeoutSeconds, "--connect-timeout"),
              seconds(phaseTimeoutSeconds, "--phase-timeout"),
              Optional.ofNullable(listen).map(DkgCommand::multiaddr));
    } catch (final IllegalArgumentException e) {
      err.println("dvc dkg: " + e.getMessage());
      err.flush();
      return 2;
    }
    try {
      final DkgCeremony.Result result = DkgCeremony.run(request, new SecureRandom());
      result.warnings().forEach(w -> err.println("warning: " + w));
      out.printf(
          "DKG complete: operator %d of %d, %d validators, lock hash %s%n  %s (run it with dvc run"
              + " --data-dir %s)%n  %s (launchpad deposit data)%n",
          result.shareIndex(),
          result.lock().definition().operatorCount(),
          result.lock().validators().size(),
          result.lock().lockHash().toHex(),
          result.directory(),
          result.directory(),
          result.directory().resolve(ClusterFiles.DEPOSIT_DATA_FILE));
      if (insecureFastKdf) {
        out.println(
            "WARNING: share keystores use the INSECURE fast KDF; never use them for real funds.");
      }
      return 0;
    } catch (final DkgException e) {
      err.println("dvc dkg: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private KdfChoice kdfChoice() {
    if (insecureFastKdf) {
      return KdfChoice.INSECURE_FAST_PBKDF2;
    }
    return switch (kdf) {
      case "scrypt" -> KdfChoice.SCRYPT;
      case "pbkdf2" -> KdfChoice.PBKDF2;
      default -> throw new IllegalArgumentException("--kdf: '" + kdf + "' is not scrypt or pbkdf2");
    };
  }

  private static Optional<Duration> seconds(final Long value, final String option) {
    if (value == null) {
      return Optional.empty();
    }
    if (value <= 0) {
      throw new IllegalArgumentException(option + ": must be a positive number of seconds");
    }
    return Optional.of(Duration.ofSeconds(value));
  }

  private static Multiaddr multiaddr(final String text) {
    try {
      return Multiaddr.fromString(text);
    } catch (final RuntimeException e) {
      throw new IllegalArgumentException(
          "--p2p-listen: '" + text + "' is not a multiaddr (" + e.getMessage() + ")");
    }
  }

  /** Standalone entry point until the command is registered in the {@code dvc} CLI. */
  public static void main(final String[] args) {
    System.exit(new CommandLine(new DkgCommand()).execute(args));
  }
}
