package io.dvc.dkg.net;

import io.dvc.bls.threshold.SecretShare;
import io.dvc.common.time.TimeProvider;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.ceremony.CeremonyException;
import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.ceremony.OperatorDirectoryWriter;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.Operator;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.config.operator.ValidatorShare;
import io.dvc.dkg.DkgCodec;
import io.dvc.dkg.DkgOutcome;
import io.dvc.dkg.ReshareSession;
import io.dvc.dkg.ReshareSettings;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dvc reshare} for one participant: an old operator that deals (it gives its old operator
 * directory: the verified lock and its shares), or a new operator (it gives the old lock file). All
 * run with the same new definition and dealer set. New operators write their new operator directory
 * atomically, only when the ceremony completed and the new lock verified; a dealer that leaves the
 * cluster writes nothing. Failures are one {@link DkgException} line.
 */
public final class ReshareCeremony {
  /**
   * What to run. Exactly one of {@code oldOperatorDirectory} (old operators that deal) and {@code
   * oldLockFile} (new operators) is given. {@code output} is required for members of the new
   * cluster.
   */
  public record Request(
      Optional<Path> oldOperatorDirectory,
      Optional<Path> oldLockFile,
      Path newDefinitionFile,
      Set<Integer> dealers,
      Path identityKeyFile,
      Optional<Path> outputDirectory,
      KdfChoice kdf,
      Duration helloTimeout,
      Duration phaseTimeout,
      Optional<Multiaddr> listen) {
    public Request {
      Objects.requireNonNull(newDefinitionFile, "newDefinitionFile");
      Objects.requireNonNull(identityKeyFile, "identityKeyFile");
      dealers = Set.copyOf(dealers);
      if (oldOperatorDirectory.isPresent() == oldLockFile.isPresent()) {
        throw new IllegalArgumentException(
            "give either the old operator directory or the old lock");
      }
    }
  }

  /** The outcome: the new lock, this participant's new share index (0: not a member) and output. */
  public record Result(ClusterLock lock, int shareIndex, Optional<Path> directory) {}

  private ReshareCeremony() {}

  public static Result run(final Request request, final SecureRandom random)
      throws InterruptedException {
    final ClusterDefinition next;
    try {
      next = ClusterFiles.loadDefinition(request.newDefinitionFile()).definition();
    } catch (final ClusterConfigException e) {
      throw new DkgException(e.getMessage(), e);
    }
    OperatorBundle bundle = null;
    final NodeKey identity;
    final ClusterLock old;
    try {
      if (request.oldOperatorDirectory().isPresent()) {
        bundle = OperatorDirectoryLoader.load(request.oldOperatorDirectory().get());
        old = bundle.lock();
      } else {
        old = ClusterFiles.loadLock(request.oldLockFile().get()).lock();
      }
      identity = IdentityKeyFile.read(request.identityKeyFile());
    } catch (final ClusterConfigException | OperatorConfigException e) {
      if (bundle != null) {
        bundle.destroy();
      }
      throw new DkgException(e.getMessage(), e);
    }
    try {
      final int oldIndex = old.shareIndexOf(identity.peerId()).orElse(0);
      if (request.dealers().contains(oldIndex) && bundle == null) {
        throw new DkgException(
            "old operator "
                + oldIndex
                + " deals: give its old operator directory (--old-data-dir)");
      }
      final Optional<List<SecretShare>> oldShares =
          bundle != null && request.dealers().contains(oldIndex)
              ? Optional.of(bundle.shares().stream().map(ValidatorShare::secretShare).toList())
              : Optional.empty();
      final ReshareSettings settings;
      try {
        settings =
            new ReshareSettings(
                old,
                next,
                request.dealers(),
                identity,
                oldShares,
                request.helloTimeout(),
                request.phaseTimeout());
      } catch (final IllegalArgumentException e) {
        throw new DkgException(request.newDefinitionFile() + ": " + e.getMessage(), e);
      }
      final int me = settings.participantOf(identity.peerId());
      if (me == 0) {
        throw new DkgException(
            request.identityKeyFile() + ": neither a dealer nor an operator of the new definition");
      }
      final List<DkgNetworkRunner.Party> parties = new ArrayList<>();
      for (final PeerId peer : settings.participants()) {
        parties.add(new DkgNetworkRunner.Party(peer, address(peer, next, old)));
      }
      final Multiaddr listen =
          request
              .listen()
              .or(() -> parties.get(me - 1).address())
              .orElseThrow(() -> new DkgException("no address to listen on; give --p2p-listen"));
      final DkgNetworkRunner.Result result =
          DkgNetworkRunner.run(
              identity,
              parties,
              me,
              listen,
              new DkgCodec(parties.size(), next.threshold(), next.numValidators()),
              outbox -> new ReshareSession(settings, TimeProvider.SYSTEM, random, outbox),
              DkgNetworkRunner.OutgoingFilter.NONE);
      if (result.outcome() instanceof DkgOutcome.Aborted a) {
        throw new DkgException("reshare aborted in phase " + a.phase() + ": " + a.reason());
      }
      final DkgOutcome.Completed done = (DkgOutcome.Completed) result.outcome();
      try {
        if (done.shareIndex() == 0) {
          return new Result(done.lock(), 0, Optional.empty());
        }
        final Path out =
            request
                .outputDirectory()
                .orElseThrow(() -> new DkgException("--output is required for new operators"));
        return new Result(
            done.lock(),
            done.shareIndex(),
            Optional.of(
                OperatorDirectoryWriter.write(
                    out,
                    done.lock(),
                    done.shares(),
                    request.identityKeyFile(),
                    request.kdf(),
                    random)));
      } catch (final CeremonyException e) {
        throw new DkgException(e.getMessage(), e);
      } finally {
        done.destroy();
      }
    } finally {
      identity.destroy();
      if (bundle != null) {
        bundle.destroy();
      }
    }
  }

  /** A participant's address: from the new definition if it is there, else from the old lock. */
  private static Optional<Multiaddr> address(
      final PeerId peer, final ClusterDefinition next, final ClusterLock old) {
    for (final List<Operator> ops : List.of(next.operators(), old.definition().operators())) {
      for (final Operator op : ops) {
        if (op.peerId().equals(peer) && !op.addresses().isEmpty()) {
          return Optional.of(op.addresses().get(0));
        }
      }
    }
    return Optional.empty();
  }
}
