package io.dvc.app.cli;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterJson;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.ClusterLockSigner;
import io.dvc.config.cluster.ClusterLockVerifier;
import io.dvc.config.cluster.DepositDataFile;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dvc lock}: verify or sign a cluster-lock.json. */
@Command(
    name = "lock",
    mixinStandardHelpOptions = true,
    description = "Cluster lock tools.",
    subcommands = {LockCommand.Verify.class, LockCommand.Sign.class, LockCommand.Merge.class})
public final class LockCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code dvc lock verify FILE}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Verify a cluster-lock.json completely (definition rules, keys against Feldman commitments,"
              + " deposits, lock hash, operator and aggregate signatures) and the deposit-data.json"
              + " beside it, if any. Exit 0 when valid, 1 with one line naming the file, JSON path"
              + " and reason otherwise.")
  public static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The cluster-lock.json.")
    Path file;

    @Option(
        names = "--deposit-data",
        description =
            "deposit-data.json to check against the lock (default: the one beside FILE, if present).")
    Path depositData;

    @Override
    public Integer call() {
      final PrintWriter err = spec.commandLine().getErr();
      final PrintWriter out = spec.commandLine().getOut();
      try {
        final ClusterLockVerifier.Verified verified = ClusterFiles.loadLock(file);
        final Path deposits =
            depositData != null ? depositData : sibling(file, ClusterFiles.DEPOSIT_DATA_FILE);
        final boolean checkDeposits = depositData != null || Files.isRegularFile(deposits);
        if (checkDeposits) {
          DepositDataFile.verifyAgainst(deposits, verified.lock());
        }
        verified.warnings().forEach(w -> err.println(w));
        final ClusterDefinition d = verified.lock().definition();
        out.printf(
            "OK %s: cluster '%s', %d operators, threshold %d, %d validators, network %s, lock hash %s%s%s%n",
            file,
            d.name(),
            d.operatorCount(),
            d.threshold(),
            d.numValidators(),
            d.network().name(),
            verified.lock().lockHash().toHex(),
            verified
                .lock()
                .predecessorLockHash()
                .map(h -> " (reshared from lock " + h.toHex() + ")")
                .orElse(""),
            checkDeposits ? ", deposit data " + deposits + " matches" : "");
        out.flush();
        err.flush();
        return 0;
      } catch (final ClusterConfigException e) {
        err.println(e.getMessage());
        err.flush();
        return 1;
      }
    }
  }

  /** {@code dvc lock sign --identity-key KEY FILE}: add this operator's signature. */
  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description =
          "Add an operator's secp256k1 signature over the lock hash to a cluster-lock.json (for operators that brought their own identity keys). The file is replaced atomically.")
  public static final class Sign implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The cluster-lock.json to sign.")
    Path file;

    @Option(
        names = "--identity-key",
        required = true,
        description = "The operator's identity-key file.")
    Path identityKey;

    @Override
    public Integer call() {
      final PrintWriter err = spec.commandLine().getErr();
      NodeKey key = null;
      try {
        final ClusterLock lock = ClusterFiles.loadLock(file, false).lock();
        key = IdentityKeyFile.read(identityKey);
        final ClusterLock signed = ClusterLockSigner.sign(lock, key, file.toString());
        final Path temp =
            Files.createTempFile(file.toAbsolutePath().getParent(), ".cluster-lock", ".tmp");
        Files.writeString(temp, ClusterJson.writeLock(signed));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        spec.commandLine().getOut().println("Signed " + file + " as " + key.peerId());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (final ClusterConfigException | OperatorConfigException e) {
        err.println(e.getMessage());
        err.flush();
        return 1;
      } catch (final IOException e) {
        err.println(
            file + ": cannot write (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        err.flush();
        return 1;
      } finally {
        if (key != null) {
          key.destroy();
        }
      }
    }
  }

  /** {@code dvc lock merge --output FILE LOCK…}: gather every operator's signature in one lock. */
  @Command(
      name = "merge",
      mixinStandardHelpOptions = true,
      description =
          "Merge the operator signatures of copies of one cluster-lock.json (each signed by its"
              + " operator with dvc lock sign) into --output. Every copy must have the same lock"
              + " hash and only valid signatures. The output is written atomically; it may be one"
              + " of the inputs, any other existing file is refused.")
  public static final class Merge implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "LOCK", description = "Signed copies.")
    java.util.List<Path> inputs;

    @Option(names = "--output", required = true, description = "The merged cluster-lock.json.")
    Path output;

    @Override
    public Integer call() {
      final PrintWriter err = spec.commandLine().getErr();
      try {
        final java.util.List<io.dvc.config.cluster.ClusterLockMerger.Source> copies =
            new java.util.ArrayList<>();
        boolean outputIsInput = false;
        for (final Path input : inputs) {
          copies.add(
              new io.dvc.config.cluster.ClusterLockMerger.Source(
                  input.toString(), ClusterFiles.loadLock(input, false).lock()));
          outputIsInput |=
              input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize());
        }
        if (!outputIsInput && Files.exists(output)) {
          throw new ClusterConfigException(
              output.toString(),
              "$",
              "already exists and is not one of the inputs; refusing to overwrite it");
        }
        final ClusterLock merged = io.dvc.config.cluster.ClusterLockMerger.merge(copies);
        // What is written verifies as a whole (missing signatures only allowed).
        ClusterLockVerifier.verify(merged, output.toString(), false);
        final Path temp =
            Files.createTempFile(output.toAbsolutePath().getParent(), ".cluster-lock", ".tmp");
        try {
          Files.writeString(temp, ClusterJson.writeLock(merged));
          Files.move(
              temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temp);
        }
        final java.util.List<String> unsigned =
            io.dvc.config.cluster.ClusterLockMerger.unsigned(merged);
        final PrintWriter out = spec.commandLine().getOut();
        out.println(
            "Merged "
                + inputs.size()
                + " copies into "
                + output
                + ": "
                + (merged.definition().operatorCount() - unsigned.size())
                + " of "
                + merged.definition().operatorCount()
                + " operators signed"
                + (unsigned.isEmpty() ? "" : "; still unsigned: " + String.join(", ", unsigned)));
        out.flush();
        return 0;
      } catch (final ClusterConfigException e) {
        err.println("dvc lock merge: " + e.getMessage());
        err.flush();
        return 1;
      } catch (final IOException e) {
        err.println(
            "dvc lock merge: "
                + output
                + ": cannot write ("
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage()
                + ")");
        err.flush();
        return 1;
      }
    }
  }

  private static Path sibling(final Path file, final String name) {
    final Path parent = file.toAbsolutePath().getParent();
    return parent.resolve(name);
  }
}
