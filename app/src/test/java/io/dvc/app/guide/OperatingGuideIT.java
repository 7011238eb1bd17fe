package io.dvc.app.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dvc.app.testnet.ManagedProcess;
import io.dvc.common.net.LoopbackPorts;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DistributedValidator;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs docs/operating.md: its marked command blocks, literally, with bash, for four operators on
 * this machine (each in its own directory with its own identity key, data directory and loopback
 * ports), the creator in a fifth directory, and beacon-sim as the beacon node (minimal preset, 4 s
 * slots). Between the blocks it does what the guide asks people to do (send files: copies). It
 * checks that every node's attestations succeed and a proposal was made, that {@code dvc status
 * --json} shows the three peers connected with the same lock and the beacon node synced, and that a
 * SIGKILLed peer is shown down within 10 s.
 */
class OperatingGuideIT {
  /** Ports of one test run, never the same twice. */
  private static final LoopbackPorts PORTS = new LoopbackPorts();

  /** The roles of the guide's blocks, in order; the copies below happen after these steps. */
  static final List<String> STEPS =
      List.of(
          "operator", // 0 identity create
          "creator", // 1 definition create
          "operator", // 2 definition verify
          "creator", // 3 create-cluster
          "operator", // 4 lock sign
          "creator", // 5 lock merge
          "operator", // 6 lock verify
          "node", // 7 dvc run
          "operator", // 8 dvc status
          "operator"); // 9 dvc status --json

  private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long SLOT_SECONDS = 4;

  /** Kept after the run (logs of every step and node); emptied when the test starts. */
  private final Path dir = Path.of("target", "operating-guide-it").toAbsolutePath();

  private final List<ManagedProcess> sims = new ArrayList<>();
  private final Map<String, Process> nodes = new LinkedHashMap<>();
  private final Map<String, String> env = new HashMap<>();
  private final Map<String, Map<String, String>> operatorEnv = new HashMap<>();
  private final Map<String, String> lastOutput = new HashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void stopEverything() {
    nodes.values().forEach(p -> p.destroyForcibly());
    sims.forEach(ManagedProcess::stop);
  }

  @Test
  @Timeout(900)
  void theGuideRunsAFourOperatorClusterWhoseDutiesSucceedAndWhoseStatusShowsAKilledPeer()
      throws Exception {
    final GuideBlocks guide = GuideBlocks.read(GuideBlocks.document());
    assertThat(guide.roles()).as("the tested steps of docs/operating.md").isEqualTo(STEPS);
    setUp();
    for (int step = 0; step < STEPS.size(); step++) {
      final GuideBlocks.Block block = guide.blocks().get(step);
      switch (block.role()) {
        case "creator" -> runBlock(block, "creator");
        case "operator" -> {
          // Four machines: the operators run the step at the same time.
          final List<Process> running = new ArrayList<>();
          for (final String name : NAMES) {
            running.add(startBlock(block, name));
          }
          for (int i = 0; i < NAMES.size(); i++) {
            finishBlock(block, NAMES.get(i), running.get(i));
          }
        }
        case "node" -> startNodes(block);
        default -> throw new IllegalStateException(block.role());
      }
      afterStep(step);
    }
  }

  private void setUp() throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (final Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    final Path bin = Files.createDirectories(dir.resolve("bin"));
    final Path launcher = bin.resolve("dvc");
    Files.writeString(
        launcher,
        "#!/usr/bin/env bash\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -Xmx1g -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -cp '"
            + System.getProperty("java.class.path")
            + "' io.dvc.app.cli.Dvc \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    final String beaconUrl = "http://127.0.0.1:" + freePort();
    Files.createDirectories(dir.resolve("creator/signed"));
    for (final String name : NAMES) {
      Files.createDirectories(dir.resolve(name));
      final String address = "/ip4/127.0.0.1/tcp/" + freePort();
      env.put(name.toUpperCase() + "_ADDRESS", address);
      operatorEnv.put(
          name,
          Map.of(
              "BEACON_NODE_URL",
              beaconUrl,
              "P2P_LISTEN",
              address,
              "HEALTH_PORT",
              Integer.toString(freePort()),
              "METRICS_PORT",
              Integer.toString(freePort())));
    }
  }

  /** What the guide asks people to do between its blocks. */
  private void afterStep(final int step) throws Exception {
    switch (step) {
      case 0 ->
          NAMES.forEach(n -> env.put(n.toUpperCase() + "_PEER_ID", lastOutput.get(n).strip()));
      case 1 -> {
        for (final String name : NAMES) {
          copy(
              dir.resolve("creator/cluster-definition.json"),
              dir.resolve(name + "/cluster-definition.json"));
        }
      }
      case 3 -> {
        for (final String name : NAMES) {
          copyTree(dir.resolve("creator/cluster/" + name), dir.resolve(name + "/node"));
        }
      }
      case 4 -> {
        for (final String name : NAMES) {
          copy(
              dir.resolve(name + "/node/cluster-lock.json"),
              dir.resolve("creator/signed/" + name + ".json"));
        }
      }
      case 5 -> {
        for (final String name : NAMES) {
          copy(
              dir.resolve("creator/cluster-lock.json"),
              dir.resolve(name + "/node/cluster-lock.json"));
        }
      }
      case 7 -> {
        // The nodes wait for their beacon node; genesis comes once all have loaded their keys.
        awaitLoaded();
        startBeaconSim();
        awaitDuties();
      }
      case 8 -> assertThat(lastOutput.get("alice")).contains("PEERS", "BEACON NODES", "VALIDATORS");
      case 9 -> checkStatusAndKilledPeer();
      default -> {}
    }
  }

  private void runBlock(final GuideBlocks.Block block, final String who) throws Exception {
    finishBlock(block, who, startBlock(block, who));
  }

  private Process startBlock(final GuideBlocks.Block block, final String who) throws IOException {
    final ProcessBuilder builder =
        new ProcessBuilder("bash", "-e", "-u", "-o", "pipefail", "-c", block.script())
            .directory(dir.resolve(who).toFile());
    environment(builder, who);
    Files.createDirectories(dir.resolve("logs"));
    builder.redirectOutput(output(block, who, "out").toFile());
    builder.redirectError(output(block, who, "err").toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return builder.start();
  }

  private Path output(final GuideBlocks.Block block, final String who, final String stream) {
    return dir.resolve("logs").resolve(who + "-line" + block.line() + "." + stream);
  }

  private void finishBlock(final GuideBlocks.Block block, final String who, final Process process)
      throws Exception {
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    final String stdout = Files.readString(output(block, who, "out"));
    lastOutput.put(who, stdout);
    assertThat(process.isAlive() ? -1 : process.exitValue())
        .as(
            "docs/operating.md line %d as %s:%n%s%nstdout: %s%nstderr: %s",
            block.line(), who, block.script(), stdout, Files.readString(output(block, who, "err")))
        .isZero();
  }

  private void environment(final ProcessBuilder builder, final String who) {
    builder.environment().putAll(env);
    builder.environment().putAll(operatorEnv.getOrDefault(who, Map.of()));
  }

  private void startBeaconSim() throws Exception {
    final ClusterLock lock = ClusterFiles.loadLock(dir.resolve("creator/cluster-lock.json")).lock();
    final ArrayNode pubkeys = MAPPER.createArrayNode();
    for (final DistributedValidator v : lock.validators()) {
      pubkeys.add(v.distributedPublicKey().toHex());
    }
    final Path pubkeyFile = dir.resolve("validator-pubkeys.json");
    Files.writeString(pubkeyFile, pubkeys.toString());
    final String url = operatorEnv.get("alice").get("BEACON_NODE_URL");
    final ManagedProcess sim =
        new ManagedProcess(
            "beacon-sim",
            512,
            List.of(
                "beacon-sim",
                "--port",
                url.substring(url.lastIndexOf(':') + 1),
                "--validator-pubkeys",
                pubkeyFile.toString(),
                "--slot-seconds",
                Long.toString(SLOT_SECONDS),
                "--preset",
                "minimal",
                "--genesis-delay-seconds",
                "30",
                "--network-fork-version",
                lock.definition().network().genesisForkVersion().toHex()),
            dir.resolve("logs/beacon-sim.log"));
    sim.start();
    sims.add(sim);
  }

  private void startNodes(final GuideBlocks.Block block) throws IOException {
    assertThat(block.script().strip()).as("the node block is one command").doesNotContain("\n");
    for (final String name : NAMES) {
      final ProcessBuilder builder =
          new ProcessBuilder("bash", "-c", "exec " + block.script().strip())
              .directory(dir.resolve(name).toFile());
      environment(builder, name);
      builder.redirectErrorStream(true);
      builder.redirectOutput(dir.resolve("logs/node-" + name + ".log").toFile());
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      nodes.put(name, builder.start());
    }
  }

  /** Until every node serves /livez (it loaded its operator directory). */
  private void awaitLoaded() throws Exception {
    awaitEndpoint("/livez");
  }

  private void awaitReady() throws Exception {
    awaitEndpoint("/readyz");
  }

  private void awaitEndpoint(final String path) throws Exception {
    final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    for (final String name : NAMES) {
      while (true) {
        try {
          if (http.send(
                      HttpRequest.newBuilder(URI.create(health(name) + path))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200) {
            break;
          }
        } catch (final IOException notYet) {
          // Loading keys: scrypt takes a while.
        }
        assertThat(nodes.get(name).isAlive()).as("node %s exited (see its log)", name).isTrue();
        assertThat(System.nanoTime()).as("node %s: no 200 on %s", name, path).isLessThan(deadline);
        Thread.sleep(1000);
      }
    }
  }

  /**
   * Until every node has both validators' attestations of one epoch and a proposal succeeded. The
   * judged epochs start with the first one after every node is ready (/readyz 200: beacon node
   * found, start-up rehearsal done), which on a loaded machine can be after genesis; from then on
   * no duty may fail.
   */
  private void awaitDuties() throws Exception {
    final long genesis =
        getJson(operatorEnv.get("alice").get("BEACON_NODE_URL") + "/eth/v1/beacon/genesis", 120)
            .path("data")
            .path("genesis_time")
            .asLong();
    awaitReady();
    final long slotNow = Math.max(0, (System.currentTimeMillis() / 1000 - genesis) / SLOT_SECONDS);
    // The guide's nodes run with doppelganger protection (the default for a new slashing
    // database): they hold every validator until liveness of epochs 0 and 1 shows no other copy,
    // and epoch 2's RANDAO reveals are signed ahead, during epoch 1, while still held. Epoch 3 is
    // the first whose duties must all succeed.
    final long firstJudgedSlot = Math.max(slotNow / 8 + 1, 3) * 8;
    final long deadline = (genesis + (firstJudgedSlot + 2 * 8) * SLOT_SECONDS) * 1000;
    while (true) {
      final List<String> missing = new ArrayList<>();
      boolean proposed = false;
      for (final String name : NAMES) {
        final JsonNode duties;
        try {
          duties = getJson(health(name) + "/dvc/v1/duties", 1);
        } catch (final IOException notServingYet) {
          missing.add(name + " (not serving yet)");
          continue;
        }
        long attested = 0;
        for (final JsonNode duty : duties) {
          final String type = duty.path("type").asText();
          if (duty.path("slot").asLong() < firstJudgedSlot) {
            continue;
          }
          assertThat(duty.path("success").asBoolean())
              .as(
                  "%s: %s duty at slot %d failed: %s %s (logs in %s)",
                  name,
                  type,
                  duty.path("slot").asLong(),
                  duty.path("reason").asText(),
                  duty.path("detail").asText(),
                  dir.resolve("logs"))
              .isTrue();
          attested += type.equals("attester") ? 1 : 0;
          proposed |= type.equals("proposer");
        }
        if (attested < 2) {
          missing.add(name);
        }
      }
      if (missing.isEmpty() && proposed) {
        return;
      }
      assertThat(System.currentTimeMillis())
          .as(
              "duties of %s from slot %d on not done two epochs later (logs in %s)",
              missing, firstJudgedSlot, dir.resolve("logs"))
          .isLessThan(deadline);
      Thread.sleep(1000);
    }
  }

  private void checkStatusAndKilledPeer() throws Exception {
    final String lockHash =
        ClusterFiles.loadLock(dir.resolve("creator/cluster-lock.json")).lock().lockHash().toHex();
    for (final String name : NAMES) {
      final JsonNode status = MAPPER.readTree(lastOutput.get(name));
      assertThat(status.path("state").asText()).isEqualTo("ready");
      assertThat(status.path("cluster").path("lock_hash").asText()).isEqualTo(lockHash);
      assertThat(status.path("cluster").path("operator_name").asText()).isEqualTo(name);
      assertThat(status.path("peers")).hasSize(3);
      for (final JsonNode peer : status.path("peers")) {
        assertThat(peer.path("connected").asBoolean()).as("%s sees %s", name, peer).isTrue();
        assertThat(peer.path("lock_hash_matches").asBoolean())
            .as("%s sees %s", name, peer)
            .isTrue();
      }
      final JsonNode beacon = status.path("beacon_nodes").get(0);
      assertThat(beacon.path("reachable").asBoolean()).as(beacon.toString()).isTrue();
      assertThat(beacon.path("synced").asBoolean()).as(beacon.toString()).isTrue();
      assertThat(status.path("validators").path("by_status").path("active").asInt()).isEqualTo(2);
      assertThat(status.path("duties").path("by_type").path("attester").path("succeeded").asInt())
          .isPositive();
    }
    final Process dave = nodes.get("dave");
    final long killedAt = System.nanoTime();
    dave.destroyForcibly().waitFor();
    while (true) {
      final JsonNode status = getJson(health("alice") + "/dvc/v1/status", 5);
      final JsonNode davePeer =
          Stream.of(MAPPER.treeToValue(status.path("peers"), JsonNode[].class))
              .filter(p -> p.path("name").asText().equals("dave"))
              .findFirst()
              .orElseThrow();
      final long elapsedMillis = (System.nanoTime() - killedAt) / 1_000_000;
      if (!davePeer.path("connected").asBoolean()) {
        break;
      }
      assertThat(elapsedMillis).as("dave still shown connected: %s", davePeer).isLessThan(10_000);
      Thread.sleep(200);
    }
  }

  private String health(final String name) {
    return "http://127.0.0.1:" + operatorEnv.get(name).get("HEALTH_PORT");
  }

  private JsonNode getJson(final String url, final int attempts) throws Exception {
    IOException last = null;
    for (int i = 0; i < attempts; i++) {
      try {
        final HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return MAPPER.readTree(response.body());
      } catch (final IOException e) {
        last = e;
        Thread.sleep(1000);
      }
    }
    throw last;
  }

  private static void copy(final Path from, final Path to) throws IOException {
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
  }

  private static void copyTree(final Path from, final Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (final Path file : files.toList()) {
        final Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          copy(file, target);
        }
      }
    }
  }

  private static int freePort() {
    return PORTS.next();
  }
}
