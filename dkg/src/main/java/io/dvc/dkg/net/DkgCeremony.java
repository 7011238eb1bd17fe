package io.dvc.dkg.net;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.ceremony.CeremonyException;
import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.ceremony.OperatorDirectoryWriter;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.Operator;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.dkg.DkgOutcome;
import io.dvc.dkg.DkgSettings;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code dvc dkg} for one operator: loads the definition and the identity key, runs the ceremony
 * with the other operators over p2p, and writes this operator's directory (the layout of {@code dvc
 * create-cluster}'s operator directories) atomically, only when every phase completed and the lock
 * verified. Any failure is one {@link DkgException} line; nothing is written then.
 */
public final class DkgCeremony {
  /**
   * What to run: the shared definition file, this operator's identity-key file, the output
   * directory (must not exist or be empty), the keystore KDF, the timeouts (empty: {@link
   * DkgSettings#defaults}) and the listen address (empty: this operator's first address in the
   * definition).
   */
  public record Request(
      Path definitionFile,
      Path identityKeyFile,
      Path outputDirectory,
      KdfChoice kdf,
      Optional<Duration> helloTimeout,
      Optional<Duration> phaseTimeout,
      Optional<Multiaddr> listen) {
    public Request {
      Objects.requireNonNull(definitionFile, "definitionFile");
      Objects.requireNonNull(identityKeyFile, "identityKeyFile");
      Objects.requireNonNull(outputDirectory, "outputDirectory");
      Objects.requireNonNull(kdf, "kdf");
    }
  }

  /** A finished ceremony: the written directory, the lock, warnings and bytes sent. */
  public record Result(
      Path directory, ClusterLock lock, int shareIndex, List<String> warnings, long bytesSent) {}

  private DkgCeremony() {}

  public static Result run(final Request request, final SecureRandom random)
      throws InterruptedException {
    return run(request, random, DkgNetworkRunner.OutgoingFilter.NONE);
  }

  /** As {@link #run(Request, SecureRandom)} with every outgoing message filtered (tests). */
  public static Result run(
      final Request request,
      final SecureRandom random,
      final DkgNetworkRunner.OutgoingFilter filter)
      throws InterruptedException {
    final ClusterFiles.LoadedDefinition loaded;
    try {
      loaded = ClusterFiles.loadDefinition(request.definitionFile());
    } catch (final ClusterConfigException e) {
      throw new DkgException(e.getMessage(), e);
    }
    final ClusterDefinition definition = loaded.definition();
    checkOutput(request.outputDirectory());
    final NodeKey identity;
    try {
      identity = IdentityKeyFile.read(request.identityKeyFile());
    } catch (final OperatorConfigException e) {
      throw new DkgException(e.getMessage(), e);
    }
    try {
      final DkgSettings defaults = DkgSettings.defaults(definition, identity);
      final DkgSettings settings =
          new DkgSettings(
              definition,
              identity,
              request.helloTimeout().orElse(defaults.helloTimeout()),
              request.phaseTimeout().orElse(defaults.phaseTimeout()));
      final int me = ownIndex(settings, request.identityKeyFile());
      final Multiaddr listen = request.listen().orElseGet(() -> ownAddress(definition, me));
      final DkgNetworkRunner.Result result = DkgNetworkRunner.run(settings, listen, random, filter);
      if (result.outcome() instanceof DkgOutcome.Aborted a) {
        throw new DkgException("DKG aborted in phase " + a.phase() + ": " + a.reason());
      }
      final DkgOutcome.Completed done = (DkgOutcome.Completed) result.outcome();
      try {
        final Path dir =
            OperatorDirectoryWriter.write(
                request.outputDirectory(),
                done.lock(),
                done.shares(),
                request.identityKeyFile(),
                request.kdf(),
                random);
        return new Result(dir, done.lock(), me, loaded.warnings(), result.bytesSent());
      } catch (final CeremonyException e) {
        throw new DkgException(e.getMessage(), e);
      } finally {
        done.destroy();
      }
    } finally {
      identity.destroy();
    }
  }

  private static int ownIndex(final DkgSettings settings, final Path keyFile) {
    try {
      return settings.ownIndex();
    } catch (final IllegalArgumentException e) {
      throw new DkgException(keyFile + ": " + e.getMessage());
    }
  }

  private static Multiaddr ownAddress(final ClusterDefinition definition, final int me) {
    final Operator op = definition.operators().get(me - 1);
    if (op.addresses().isEmpty()) {
      throw new DkgException(
          "operator "
              + me
              + " '"
              + op.name()
              + "' has no address in the definition; give --p2p-listen");
    }
    return op.addresses().get(0);
  }

  /** Fails early (before talking to anyone) when the output cannot be written. */
  private static void checkOutput(final Path output) {
    if (Files.exists(output)) {
      if (!Files.isDirectory(output)) {
        throw new DkgException(output + ": exists and is not a directory");
      }
      try (Stream<Path> entries = Files.list(output)) {
        if (entries.findAny().isPresent()) {
          throw new DkgException(output + ": already exists and is not empty");
        }
      } catch (final IOException e) {
        throw new DkgException(output + ": cannot read (" + e + ")");
      }
    }
    final Path parent = output.toAbsolutePath().normalize().getParent();
    if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
      throw new DkgException(output + ": parent directory does not exist or is not writable");
    }
  }
}
