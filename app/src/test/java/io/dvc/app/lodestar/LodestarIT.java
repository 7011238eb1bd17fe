package io.dvc.app.lodestar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dvc.app.cli.Dvc;
import io.dvc.app.testnet.ManagedProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DVC against a real beacon node: a Lodestar 1.5.1 dev chain on loopback (8 interop validators,
 * Capella from genesis, 4-second slots) whose own validator client runs interop keys 0–3, while a
 * 4-operator DVC cluster (four {@code dvc run} processes, libp2p on loopback) runs keys 4–7, split
 * from EIP-2335 keystores by {@code dvc create-cluster --split-keys-dir}. Lodestar itself is the
 * judge: its liveness endpoint must show 4–7 live in each of the three epochs after the one in
 * which all four nodes became ready, which it does only for validators whose signed attestations it
 * has verified and accepted. (Lodestar's own validators 0–3 are reported, not asserted: on an
 * overloaded machine its own client misses epochs too.) Lodestar runs with a builder ({@link
 * FakeBuilder}, which never bids but checks every registration Lodestar passes on) and
 * SHARD_COMMITTEE_PERIOD 0: the cluster's builder registrations of 4–7 must reach the builder with
 * valid signatures, and a voluntary exit of validator 5 asked for through {@code dvc exit} on node
 * 1 must be accepted into Lodestar's pool (then its exit epoch is set once a block includes it).
 *
 * <p>Logs stay in target/lodestar-it (lodestar.log, node-I.log).
 */
class LodestarIT {
  private static final int SECONDS_PER_SLOT = 4;
  private static final int SLOTS_PER_EPOCH = 8; // minimal preset
  private static final int GENESIS_DELAY_SECONDS = 30;
  private static final int CHECKED_EPOCHS = 3;
  private static final java.time.Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final int NODES = 4;

  private static final int EXITED = 5;

  private final List<ManagedProcess> nodes = new ArrayList<>();
  private final List<Integer> healthPorts = new ArrayList<>();
  private LodestarDevChain chain;
  private FakeBuilder builder;

  @Test
  @Timeout(720)
  void clusterValidatorsAreLiveOnLodestarInEveryEpochAfterTheFirst() throws Exception {
    final LodestarInstallation installation =
        new LodestarInstallation(Path.of(System.getProperty("dvc.lodestar.dir", "lodestar")));
    assertTrue(
        installation.installed(),
        "Lodestar is not installed in " + installation.directory() + " (mvn verify installs it)");
    final Path dir = workDirectory();
    final Thread cleanup = new Thread(this::stopAll, "lodestar-it-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      final List<Integer> p2pPorts = freePorts(NODES);
      createCluster(dir, p2pPorts);
      final long genesisTime = System.currentTimeMillis() / 1000 + GENESIS_DELAY_SECONDS;
      builder = new FakeBuilder(io.dvc.spec.ssz.Bytes.fromHex("0x00000001"));
      chain =
          new LodestarDevChain(
              installation,
              new LodestarDevChain.Settings(
                  8,
                  "0..3",
                  genesisTime,
                  SECONDS_PER_SLOT,
                  freePort(),
                  freePort(),
                  List.of(
                      "--builder",
                      "--builder.urls=" + builder.url(),
                      "--params.SHARD_COMMITTEE_PERIOD=0")),
              dir.resolve("lodestar"),
              dir.resolve("lodestar.log"));
      chain.start();
      // One after the other: on a busy 2-core machine Lodestar's start-up (about 20 s alone)
      // starves when four JVMs start beside it.
      chain.awaitApi(START_TIMEOUT);
      startNodes(dir, p2pPorts);
      awaitNodesReady();
      final StringWriter exitOutput = new StringWriter();
      final int[] exitCode = {-1};
      final String[] poolAfterExit = {""};
      final Thread exit =
          new Thread(
              () -> {
                final var cli = Dvc.commandLine();
                cli.setOut(new PrintWriter(exitOutput, true));
                cli.setErr(new PrintWriter(exitOutput, true));
                exitCode[0] =
                    cli.execute(
                        "exit",
                        "--data-dir",
                        dir.resolve("cluster/operator-1").toString(),
                        "--node",
                        "http://127.0.0.1:" + healthPorts.get(0),
                        "--validator",
                        Integer.toString(EXITED),
                        "--output",
                        dir.resolve("exit-" + EXITED + ".json").toString(),
                        "--timeout-seconds",
                        "60");
                poolAfterExit[0] = getText(chain.restUrl() + "/eth/v1/beacon/pool/voluntary_exits");
              },
              "dvc-exit");
      exit.start();
      final long slotMillis = SECONDS_PER_SLOT * 1000L;
      final long readyEpoch =
          Math.max(0, System.currentTimeMillis() - genesisTime * 1000)
              / slotMillis
              / SLOTS_PER_EPOCH;
      final LivenessProbe liveness = new LivenessProbe(chain.restUrl());
      final ChainProbe blocks = new ChainProbe(chain.restUrl());
      final Map<Long, Map<Integer, Boolean>> seen = new TreeMap<>();
      // slot -> proposer index, for the checked epochs: Lodestar 1.5.1 answers proposer duties of
      // the current and the next epoch only, so each epoch's are asked for the epoch before.
      final Map<Long, Integer> proposers = new TreeMap<>(blocks.proposers(readyEpoch + 1));
      for (long epoch = readyEpoch + 1; epoch <= readyEpoch + CHECKED_EPOCHS; epoch++) {
        // Ask two slots into the next epoch: the epoch's attestations have arrived, and
        // Lodestar still answers for the previous epoch.
        sleepUntil(genesisTime * 1000 + ((epoch + 1) * SLOTS_PER_EPOCH + 2) * slotMillis);
        for (final ManagedProcess node : nodes) {
          assertThat(node.isAlive()).as(node.name() + " exited; see " + node.log()).isTrue();
        }
        seen.put(epoch, liveness.live(epoch, List.of(0, 1, 2, 3, 4, 5, 6, 7)));
        if (epoch < readyEpoch + CHECKED_EPOCHS) {
          proposers.putAll(blocks.proposers(epoch + 1));
        }
      }
      exit.join(Duration.ofSeconds(90).toMillis());
      final String validatorAfter =
          getText(chain.restUrl() + "/eth/v1/beacon/states/head/validators/" + EXITED);
      System.out.printf(
          "dvc exit (code %d): %s; Lodestar's exit pool then: %s; validator %d now: %s%n",
          exitCode[0], exitOutput, poolAfterExit[0], EXITED, validatorAfter);
      System.out.printf(
          "registrations the builder received: %s (invalid %d)%n",
          builder.registrations().keySet(), builder.invalid());
      final Map<Long, Integer> clusterSlots = new TreeMap<>();
      proposers.forEach(
          (slot, proposer) -> {
            if (proposer >= 4) {
              clusterSlots.put(slot, proposer);
            }
          });
      final Map<Long, Integer> clusterBlocks = new TreeMap<>();
      for (final long slot : clusterSlots.keySet()) {
        blocks.proposerOfBlockAt(slot).ifPresent(p -> clusterBlocks.put(slot, p));
      }
      System.out.printf(
          "proposals of validators 4-7 (slot=validator): due %s, in the chain %s%n",
          clusterSlots, clusterBlocks);
      System.out.printf(
          "nodes ready in epoch %d; liveness by epoch (index=is_live): %s%n", readyEpoch, seen);
      for (final Map.Entry<Long, Map<Integer, Boolean>> epoch : seen.entrySet()) {
        assertThat(epoch.getValue())
            .as(
                "liveness in epoch %d (validators 4-7 are the cluster's, 0-3 Lodestar's own); all"
                    + " epochs after the nodes were ready in epoch %d: %s; logs in %s",
                epoch.getKey(), readyEpoch, seen, dir)
            .containsAllEntriesOf(Map.of(4, true, 5, true, 6, true, 7, true));
      }
      assertThat(clusterBlocks)
          .as(
              "blocks of validators 4-7 in epochs %d..%d; logs in %s",
              readyEpoch + 1, readyEpoch + CHECKED_EPOCHS, dir)
          .isEqualTo(clusterSlots);
      for (int v = 4; v < 8; v++) {
        assertThat(builder.registrations())
            .as("the builder received validator %d's registration through Lodestar", v)
            .containsKey(InteropKeys.secretKey(v).publicKey().toHex());
      }
      assertThat(builder.invalid()).as("invalid registrations at the builder").isZero();
      assertThat(exitCode[0]).as("dvc exit: %s", exitOutput).isZero();
      assertThat(exitOutput.toString()).contains("accepted by the beacon node");
      assertThat(poolAfterExit[0] + validatorAfter)
          .as("the exit is in Lodestar's pool, or already in a block (exit epoch set)")
          .matches(
              "(?s).*(\"validator_index\":\""
                  + EXITED
                  + "\".*|.*\"exit_epoch\":\"(?!18446744073709551615)[0-9]+\".*)");
    } finally {
      stopAll();
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  private void createCluster(final Path dir, final List<Integer> p2pPorts) throws IOException {
    final Path keys = dir.resolve("interop-keys");
    InteropKeys.writeKeystores(keys, 4, 8);
    final List<String> addresses = new ArrayList<>();
    p2pPorts.forEach(port -> addresses.add("/ip4/127.0.0.1/tcp/" + port));
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final var cli = Dvc.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    final int exit =
        cli.execute(
            "create-cluster",
            "--name",
            "lodestar-it",
            "--split-keys-dir",
            keys.toString(),
            "--nodes",
            Integer.toString(NODES),
            "--operator-addresses",
            String.join(",", addresses),
            "--fork-version",
            "0x00000001", // GENESIS_FORK_VERSION of Lodestar's minimal dev config
            "--withdrawal-address",
            "0x000000000000000000000000000000000000dead",
            "--fee-recipient",
            "0x000000000000000000000000000000000000beef",
            "--insecure-fast-kdf",
            "--output",
            dir.resolve("cluster").toString());
    assertThat(exit).as("dvc create-cluster: %s%s", out, err).isZero();
  }

  private void startNodes(final Path dir, final List<Integer> p2pPorts) throws IOException {
    for (int i = 1; i <= NODES; i++) {
      healthPorts.add(freePort());
      final ManagedProcess node =
          new ManagedProcess(
              "node-" + i,
              256,
              List.of(
                  "run",
                  "--data-dir",
                  dir.resolve("cluster/operator-" + i).toString(),
                  "--beacon-node-urls",
                  chain.restUrl(),
                  "--p2p-listen-addresses",
                  "/ip4/127.0.0.1/tcp/" + p2pPorts.get(i - 1),
                  "--health-port",
                  Integer.toString(healthPorts.get(i - 1)),
                  "--metrics-port",
                  Integer.toString(freePort()),
                  // validators 4-7 have never signed on this new chain
                  "--no-doppelganger-protection"),
              dir.resolve("node-" + i + ".log"));
      node.start();
      nodes.add(node);
    }
  }

  /** Waits until every node answers /readyz with 200 (started, beacon node found). */
  private void awaitNodesReady() throws IOException, InterruptedException {
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (int i = 0; i < nodes.size(); i++) {
      while (true) {
        assertThat(nodes.get(i).isAlive())
            .as(nodes.get(i).name() + " exited; see " + nodes.get(i).log())
            .isTrue();
        try {
          final int status =
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + healthPorts.get(i) + "/readyz"))
                          .timeout(Duration.ofSeconds(2))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
          if (status == 200) {
            break;
          }
        } catch (final IOException e) {
          // not serving yet
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(
              nodes.get(i).name()
                  + " not ready in "
                  + START_TIMEOUT
                  + "; see "
                  + nodes.get(i).log());
        }
        Thread.sleep(500);
      }
    }
  }

  private synchronized void stopAll() {
    nodes.forEach(ManagedProcess::stop);
    if (chain != null) {
      chain.close();
    }
    if (builder != null) {
      builder.close();
    }
  }

  private static String getText(final String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (final IOException e) {
      return "(" + e.getMessage() + ")";
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private static Path workDirectory() throws IOException {
    final String configured = System.getProperty("dvc.lodestar.workDir");
    if (configured == null || configured.isBlank()) {
      return Files.createTempDirectory("dvc-lodestar-it-");
    }
    final Path base = Files.createDirectories(Path.of(configured));
    return Files.createTempDirectory(base, "run-");
  }

  private static void sleepUntil(final long epochMillis) throws InterruptedException {
    final long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static List<Integer> freePorts(final int count) throws IOException {
    final List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(freePort());
    }
    return ports;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
