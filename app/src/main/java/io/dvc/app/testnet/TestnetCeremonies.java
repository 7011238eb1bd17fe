package io.dvc.app.testnet;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.ceremony.CeremonyRequest;
import io.dvc.config.ceremony.CeremonyResult;
import io.dvc.config.ceremony.OperatorSource;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterJson;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.cluster.Operator;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The testnet's key ceremonies run as the operators would run them: {@code dvc dkg} (a cluster made
 * by DKG, one process per operator over libp2p on loopback) and {@code dvc reshare} (the last
 * operator replaced by a new one, the dealers and the newcomer each a process). Each waits for
 * every process, fails with the first failing process's last log line, and checks that every
 * operator wrote the same verified lock.
 */
final class TestnetCeremonies {
  private final TestnetOptions options;
  private final PrintStream out;
  private final Path logs;
  private final IntSupplier freePort;
  private final SecureRandom random = new SecureRandom();

  TestnetCeremonies(
      final TestnetOptions options,
      final PrintStream out,
      final Path logs,
      final IntSupplier freePort) {
    this.options = options;
    this.out = out;
    this.logs = logs;
    this.freePort = freePort;
  }

  /** How long every process of a ceremony may take (JVM start-up on a loaded machine included). */
  private Duration processTimeout() {
    return Duration.ofSeconds(300).plus(phaseTimeout().multipliedBy(6));
  }

  private long connectTimeoutSeconds() {
    return 240;
  }

  private Duration phaseTimeout() {
    return Duration.ofSeconds(60).plusMillis(100L * options.validators());
  }

  /**
   * DKG among {@code operators} (names and listen addresses): identity keys and the definition are
   * written under {@code dir}, every operator's directory to {@code dir/cluster/<name>}.
   */
  CeremonyResult dkg(final Path dir, final List<OperatorSource.OperatorSpec> operators)
      throws IOException, InterruptedException {
    final Path keys = Files.createDirectories(dir.resolve("identities"));
    final List<Operator> members = new ArrayList<>();
    for (int i = 0; i < operators.size(); i++) {
      final OperatorSource.OperatorSpec spec = operators.get(i);
      members.add(
          new Operator(spec.name(), newIdentity(keys.resolve(spec.name())), spec.addresses()));
    }
    final ClusterDefinition definition =
        new ClusterDefinition(
            ClusterDefinition.VERSION,
            "testnet",
            new Network(Network.CUSTOM, TestnetRunner.FORK_VERSION),
            members,
            options.threshold().orElse(ClusterDefinition.defaultThreshold(operators.size())),
            options.validators(),
            Bytes.fromHex("0x000000000000000000000000000000000000dead"),
            WithdrawalType.ETH1_ADDRESS,
            Bytes.fromHex("0x000000000000000000000000000000000000beef"),
            CeremonyRequest.DEFAULT_DEPOSIT_GWEI);
    final Path definitionFile = dir.resolve(ClusterFiles.DEFINITION_FILE);
    Files.writeString(
        definitionFile, ClusterJson.writeDefinition(definition), StandardCharsets.UTF_8);
    final Path output = Files.createDirectories(dir.resolve("cluster"));
    final List<Path> directories = new ArrayList<>();
    final List<ManagedProcess> processes = new ArrayList<>();
    for (final Operator op : members) {
      final Path operatorDir = output.resolve(op.name());
      directories.add(operatorDir);
      processes.add(
          process(
              "dkg-" + op.name(),
              List.of(
                  "dkg",
                  "--definition",
                  definitionFile.toString(),
                  "--identity-key",
                  keys.resolve(op.name()).toString(),
                  "--output",
                  operatorDir.toString(),
                  "--insecure-fast-kdf",
                  "--connect-timeout",
                  Long.toString(connectTimeoutSeconds()),
                  "--phase-timeout",
                  Long.toString(phaseTimeout().toSeconds()))));
    }
    final long start = System.nanoTime();
    awaitAll(processes, "dkg");
    final ClusterLock lock = sameLock(directories);
    out.printf(
        "cluster: %d operators, threshold %d, %d validators (DKG among %d dvc dkg processes on"
            + " loopback in %d ms; lock hash %s)%n",
        operators.size(),
        lock.definition().threshold(),
        options.validators(),
        operators.size(),
        (System.nanoTime() - start) / 1_000_000,
        lock.lockHash().toHex());
    return new CeremonyResult(output, directories, lock, List.of(), Optional.empty());
  }

  /**
   * Replaces the last operator of {@code old} by a new one with its own identity and port: the
   * first t old operators deal ({@code dvc reshare --old-data-dir}), the newcomer joins with the
   * old lock; the new operator directories are written to {@code dir/reshared/<name>}.
   */
  CeremonyResult reshare(final Path dir, final CeremonyResult old)
      throws IOException, InterruptedException {
    final ClusterLock oldLock = old.lock();
    final ClusterDefinition previous = oldLock.definition();
    final int n = previous.operatorCount();
    final int t = previous.threshold();
    final Path work = Files.createDirectories(dir.resolve("reshare"));
    final String newName = previous.operators().get(n - 1).name() + "-new";
    final Path newKey = work.resolve(newName + ".identity-key");
    final List<Operator> members = new ArrayList<>(previous.operators().subList(0, n - 1));
    members.add(
        new Operator(
            newName,
            newIdentity(newKey),
            List.of(Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + freePort.getAsInt()))));
    final ClusterDefinition next =
        new ClusterDefinition(
            previous.version(),
            previous.name(),
            previous.network(),
            members,
            t,
            previous.numValidators(),
            previous.withdrawalAddress(),
            previous.withdrawalType(),
            previous.feeRecipient(),
            previous.depositAmountGwei());
    final Path definitionFile = work.resolve(ClusterFiles.DEFINITION_FILE);
    Files.writeString(definitionFile, ClusterJson.writeDefinition(next), StandardCharsets.UTF_8);
    final String dealers =
        IntStream.rangeClosed(1, t).mapToObj(Integer::toString).collect(Collectors.joining(","));
    final Path output = Files.createDirectories(dir.resolve("reshared"));
    final List<Path> directories = new ArrayList<>();
    final List<ManagedProcess> processes = new ArrayList<>();
    final List<String> common =
        List.of(
            "reshare",
            "--new-definition",
            definitionFile.toString(),
            "--dealers",
            dealers,
            "--insecure-fast-kdf",
            "--connect-timeout",
            Long.toString(connectTimeoutSeconds()),
            "--phase-timeout",
            Long.toString(phaseTimeout().toSeconds()));
    for (int i = 1; i <= n; i++) {
      final Path oldDir = old.operatorDirectories().get(i - 1);
      final List<String> args = new ArrayList<>(common);
      args.addAll(
          List.of(
              "--old-data-dir",
              oldDir.toString(),
              "--identity-key",
              OperatorLayout.identityKey(oldDir).toString()));
      if (i < n) {
        final Path newDir = output.resolve(members.get(i - 1).name());
        directories.add(newDir);
        args.addAll(List.of("--output", newDir.toString()));
      } else if (i > t) {
        continue; // the leaving operator deals only when the old threshold needs it
      }
      processes.add(process("reshare-" + previous.operators().get(i - 1).name(), args));
    }
    final Path newDir = output.resolve(newName);
    directories.add(newDir);
    final List<String> args = new ArrayList<>(common);
    args.addAll(
        List.of(
            "--old-lock",
            old.operatorDirectories().get(0).resolve(ClusterFiles.LOCK_FILE).toString(),
            "--identity-key",
            newKey.toString(),
            "--output",
            newDir.toString()));
    processes.add(process("reshare-" + newName, args));
    final long start = System.nanoTime();
    awaitAll(processes, "reshare");
    final ClusterLock lock = sameLock(directories);
    checkSameKeys(oldLock, lock);
    out.printf(
        "reshared: operator %d '%s' replaced by '%s' (dealers %s; %d dvc reshare processes in %d"
            + " ms); distributed keys and deposits unchanged; lock hash %s, predecessor %s%n",
        n,
        previous.operators().get(n - 1).name(),
        newName,
        dealers,
        processes.size(),
        (System.nanoTime() - start) / 1_000_000,
        lock.lockHash().toHex(),
        lock.predecessorLockHash().map(Bytes::toHex).orElse("none"));
    return new CeremonyResult(output, directories, lock, List.of(), Optional.empty());
  }

  private ManagedProcess process(final String name, final List<String> args) throws IOException {
    final ManagedProcess p =
        new ManagedProcess(name, options.nodeHeapMegabytes(), args, logs.resolve(name + ".log"));
    p.start();
    return p;
  }

  private void awaitAll(final List<ManagedProcess> processes, final String what)
      throws IOException, InterruptedException {
    try {
      final long deadline = System.nanoTime() + processTimeout().toNanos();
      for (final ManagedProcess p : processes) {
        final OptionalInt exit =
            p.waitFor(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (exit.isEmpty()) {
          throw new IOException(
              p.name()
                  + " did not finish in "
                  + processTimeout().toSeconds()
                  + " s; see "
                  + p.log());
        }
        if (exit.getAsInt() != 0) {
          throw new IOException(
              what + " failed: " + p.name() + " exited " + exit.getAsInt() + ": " + lastLine(p));
        }
      }
    } finally {
      processes.forEach(ManagedProcess::stop);
    }
  }

  private static String lastLine(final ManagedProcess p) {
    try {
      final List<String> lines =
          Arrays.stream(Files.readString(p.log()).split("\n")).filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "(no output; " + p.log() + ")" : lines.get(lines.size() - 1);
    } catch (final IOException e) {
      return "(log unreadable: " + p.log() + ")";
    }
  }

  /** Every directory's lock (each verified on load) must be the same lock. */
  private static ClusterLock sameLock(final List<Path> directories) throws IOException {
    ClusterLock first = null;
    for (final Path d : directories) {
      final ClusterLock lock;
      try {
        lock = ClusterFiles.loadLock(d.resolve(ClusterFiles.LOCK_FILE)).lock();
      } catch (final ClusterConfigException e) {
        throw new IOException(e.getMessage(), e);
      }
      if (first == null) {
        first = lock;
      } else if (!first.lockHash().equals(lock.lockHash())) {
        throw new IOException(
            d + ": lock hash " + lock.lockHash().toHex() + ", not " + first.lockHash().toHex());
      }
    }
    return first;
  }

  private static void checkSameKeys(final ClusterLock old, final ClusterLock lock)
      throws IOException {
    if (!lock.predecessorLockHash().equals(Optional.of(old.lockHash()))) {
      throw new IOException("the reshared lock does not name the old lock as its predecessor");
    }
    for (int v = 0; v < old.validators().size(); v++) {
      final DistributedValidator a = old.validators().get(v);
      final DistributedValidator b = lock.validators().get(v);
      if (!a.distributedPublicKey().equals(b.distributedPublicKey())
          || !a.depositData().equals(b.depositData())) {
        throw new IOException("the reshare changed validator " + v + "'s key or deposit");
      }
    }
  }

  /** A fresh identity key written to {@code file}; its peer id. */
  private io.dvc.p2p.PeerId newIdentity(final Path file) throws IOException {
    final byte[] secret = new byte[32];
    random.nextBytes(secret);
    final NodeKey key = NodeKey.fromSecretBytes(secret);
    try {
      IdentityKeyFile.write(file, secret);
      return key.peerId();
    } finally {
      key.destroy();
      Arrays.fill(secret, (byte) 0);
    }
  }
}
