package io.dvc.app.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.app.testnet.chaos.ChaosNetwork;
import io.dvc.app.testnet.chaos.ChaosScenario;
import io.dvc.app.testnet.chaos.ChaosVerdict;
import io.dvc.common.net.LoopbackPorts;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.ceremony.CeremonyRequest;
import io.dvc.config.ceremony.CeremonyResult;
import io.dvc.config.ceremony.DealerCeremony;
import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.ceremony.KeySource;
import io.dvc.config.ceremony.OperatorSource;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code dvc testnet}: makes a cluster, starts a simulated beacon node and one process per operator
 * on loopback, follows the chain slot by slot, applies kills and restarts, and reports.
 */
public final class TestnetRunner {
  static final Bytes FORK_VERSION = Bytes.fromHex("0x10dc0001");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final TestnetOptions options;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final DutyLedger ledger = new DutyLedger("attester");
  private final DutyLedger proposals = new DutyLedger("proposer");
  private final DutyLedger aggregations = new DutyLedger("aggregator");
  private final DutyLedger syncMessages = new DutyLedger("sync_message");
  private final DutyLedger syncContributions = new DutyLedger("sync_contribution");
  private DutySchedule duties;
  private final List<ManagedProcess> nodes = new ArrayList<>();
  private final List<Integer> healthPorts = new ArrayList<>();
  private NodeTraffic traffic;
  private final List<String> events = new ArrayList<>();
  private final List<Double> cpuAtGenesis = new ArrayList<>();
  private final List<Double> rssAtGenesis = new ArrayList<>();
  private ManagedProcess sim;
  private CeremonyResult cluster;
  private final ExitRequester exits = new ExitRequester();
  private final LoopbackPorts ports = new LoopbackPorts();
  private final int simPort = ports.next();
  private final String simUrl = "http://127.0.0.1:" + simPort;
  private MonitoringScenario monitoring = MonitoringScenario.none();
  private final List<Integer> extraSimPorts = new ArrayList<>();
  private MonitorWatch monitorWatch;

  private final Optional<ChaosScenario> chaosScenario;
  private ChaosNetwork chaos;

  public TestnetRunner(final TestnetOptions options, final PrintStream out) {
    this(options, out, Optional.empty());
  }

  /** A testnet whose links, nodes and processes suffer the scenario's faults. */
  public TestnetRunner(
      final TestnetOptions options, final PrintStream out, final Optional<ChaosScenario> chaos) {
    this.options = options;
    this.out = out;
    this.chaosScenario = chaos;
    chaos.ifPresent(c -> c.requireNodes(options.nodes()));
  }

  /**
   * What beacon-sim is made to do wrong for the monitors (dropped validators, finality, clients).
   */
  public TestnetRunner withMonitoring(final MonitoringScenario scenario) {
    this.monitoring = scenario;
    return this;
  }

  /** Runs the testnet; returns the process exit code (0 only if every duty succeeded). */
  public int run() throws IOException, InterruptedException {
    final Path dir =
        options.keep().isPresent()
            ? Files.createDirectories(options.keep().get())
            : Files.createTempDirectory("dvc-testnet-");
    final Path logs = Files.createDirectories(dir.resolve("logs"));
    // SIGTERM (or Ctrl-C) to the runner ends its JVM without the finally below: the hook stops
    // the node and beacon-sim processes, which would otherwise go on running.
    final Thread cleanup = new Thread(this::stopProcesses, "testnet-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      final CeremonyResult cluster = makeCluster(dir, logs);
      this.cluster = cluster;
      for (int i = 0; i < monitoring.extraPorts(); i++) {
        extraSimPorts.add(ports.next());
      }
      monitorWatch = new MonitorWatch(http, healthPorts);
      traffic = new NodeTraffic(http, healthPorts);
      startNodes(cluster, logs);
      awaitNodesLoaded();
      startSimulator(dir, logs, cluster);
      final JsonNode spec = getJson("/eth/v1/config/spec").path("data");
      final long genesis =
          getJson("/eth/v1/beacon/genesis").path("data").path("genesis_time").asLong();
      final long slotsPerEpoch = spec.path("SLOTS_PER_EPOCH").asLong();
      // a beacon node serves duties up to the next epoch only: epochs 0 and 1 now, later ones
      // as the chain reaches them (followChain)
      duties =
          new DutySchedule(
              this::postJson, cluster.lock().validators().size(), options.epochs(), slotsPerEpoch);
      final String notYet = duties.advanceTo(0);
      if (notYet != null) {
        out.println("  >> " + notYet);
      }
      final Map<Long, Map<Long, Long>> dutySlots = duties.attesterSlots();
      followChain(genesis, slotsPerEpoch, dutySlots);
      exits.awaitAll(Duration.ofSeconds(30));
      final List<Double> cpuSecondsPerEpoch = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        cpuSecondsPerEpoch.add(
            (nodes.get(i).cpuSeconds() - cpuAtGenesis.get(i)) / options.epochs());
      }
      final TestnetReport report =
          TestnetReport.build(
              options,
              cluster.lock().definition().threshold(),
              ledger,
              proposals,
              dutySlots,
              getJson("/dvc/v1/summary"),
              events,
              cpuSecondsPerEpoch,
              sections(slotsPerEpoch),
              exits.outcomes());
      report.print(out);
      final List<NodeTraffic.Totals> bytesPerEpoch = traffic.perEpochSinceGenesis(options.epochs());
      NodeTraffic.print(bytesPerEpoch, out);
      monitorWatch.printSummary(out);
      final ObjectNode json = report.toJson();
      NodeTraffic.toJson(bytesPerEpoch, json);
      json.set("monitor", monitorWatch.toJson());
      final List<Double> rssAtEnd = nodes.stream().map(ManagedProcess::rssMegabytes).toList();
      json.putArray("rss_mib_per_node_at_genesis")
          .addAll(rssAtGenesis.stream().map(r -> json.numberNode(Math.round(r))).toList());
      json.putArray("rss_mib_per_node_at_end")
          .addAll(rssAtEnd.stream().map(r -> json.numberNode(Math.round(r))).toList());
      out.printf(
          "resident memory per node (MiB), at genesis %s, at the end %s%n",
          rssAtGenesis.stream().map(Math::round).toList(),
          rssAtEnd.stream().map(Math::round).toList());
      boolean passed = report.passed();
      if (chaos != null) {
        final ChaosVerdict verdict =
            ChaosVerdict.judge(
                chaos.scenario(),
                options.nodes(),
                cluster.lock().definition().threshold(),
                dutySlots,
                getJson("/dvc/v1/summary"),
                report.sections().stream()
                    .collect(
                        java.util.stream.Collectors.toMap(DutySection::name, DutySection::duties)),
                ChaosVerdict.scrapePeerFaults(http, healthPorts, nodes, out));
        verdict.print(out);
        final ObjectNode chaosJson = chaos.toJson(genesis * 1000, options.slotSeconds() * 1000L);
        chaosJson.set("verdict", verdict.toJson());
        json.set("chaos", chaosJson);
        json.put("passed", verdict.passed());
        passed = verdict.passed();
      }
      if (options.report().isPresent()) {
        Files.writeString(options.report().get(), json.toPrettyString());
        out.println("report written to " + options.report().get());
      }
      return passed ? 0 : 1;
    } finally {
      stopProcesses();
      Runtime.getRuntime().removeShutdownHook(cleanup);
      if (options.keep().isEmpty()) {
        deleteRecursively(dir);
      } else {
        out.println("cluster, databases and logs kept in " + dir);
      }
    }
  }

  private synchronized void stopProcesses() {
    nodes.forEach(ManagedProcess::stop);
    if (chaos != null) {
      chaos.close();
    }
    if (sim != null) {
      sim.stop();
    }
  }

  private CeremonyResult makeCluster(final Path dir, final Path logs)
      throws IOException, InterruptedException {
    final List<OperatorSource.OperatorSpec> operators = new ArrayList<>();
    for (int i = 1; i <= options.nodes(); i++) {
      operators.add(
          new OperatorSource.OperatorSpec(
              "operator-" + i,
              List.of(Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + ports.next()))));
      healthPorts.add(ports.next());
    }
    final TestnetCeremonies ceremonies = new TestnetCeremonies(options, out, logs, ports::next);
    final CeremonyResult made =
        options.dkg()
            ? ceremonies.dkg(dir.resolve("dkg"), operators)
            : dealerCluster(dir, operators);
    return options.reshare() ? ceremonies.reshare(dir, made) : made;
  }

  private CeremonyResult dealerCluster(
      final Path dir, final List<OperatorSource.OperatorSpec> operators) {
    final CeremonyRequest request =
        new CeremonyRequest(
            dir.resolve("cluster"),
            "testnet",
            new Network(Network.CUSTOM, FORK_VERSION),
            new OperatorSource.Generate(operators),
            options.threshold(),
            new KeySource.RandomKeys(options.validators()),
            Bytes.fromHex("0x000000000000000000000000000000000000dead"),
            WithdrawalType.ETH1_ADDRESS,
            Bytes.fromHex("0x000000000000000000000000000000000000beef"),
            CeremonyRequest.DEFAULT_DEPOSIT_GWEI,
            KdfChoice.INSECURE_FAST_PBKDF2);
    final long start = System.nanoTime();
    final CeremonyResult result = new DealerCeremony(new SecureRandom()).run(request);
    out.printf(
        "cluster: %d operators, threshold %d, %d validators (made in %d ms)%n",
        options.nodes(),
        result.lock().definition().threshold(),
        options.validators(),
        (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  private void startSimulator(final Path dir, final Path logs, final CeremonyResult cluster)
      throws IOException, InterruptedException {
    final ArrayNode pubkeys = MAPPER.createArrayNode();
    for (final DistributedValidator validator : cluster.lock().validators()) {
      pubkeys.add(validator.distributedPublicKey().toHex());
    }
    final Path pubkeyFile = dir.resolve("validator-pubkeys.json");
    Files.writeString(pubkeyFile, pubkeys.toString());
    final int port = simPort;
    final long genesisDelay = options.genesisDelaySeconds();
    final List<String> simArgs =
        new ArrayList<>(
            List.of(
                "beacon-sim",
                "--port",
                Integer.toString(port),
                "--validator-pubkeys",
                pubkeyFile.toString(),
                "--extra-validators",
                Integer.toString(options.extraValidators()),
                "--slot-seconds",
                Long.toString(options.slotSeconds()),
                "--preset",
                options.preset(),
                "--fork",
                options.fork(),
                "--genesis-delay-seconds",
                Long.toString(genesisDelay),
                "--network-fork-version",
                FORK_VERSION.toHex(),
                "--blobs",
                Integer.toString(options.blobs()),
                "--builder=" + options.builder()));
    simArgs.addAll(monitoring.simulatorArgs(extraSimPorts));
    sim =
        new ManagedProcess(
            "beacon-sim",
            Math.max(512, options.nodeHeapMegabytes()),
            simArgs,
            logs.resolve("beacon-sim.log"));
    sim.start();
    final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        getJson("/eth/v1/node/version");
        break;
      } catch (final IOException e) {
        if (!sim.isAlive() || System.nanoTime() > deadline) {
          throw new IOException(
              "beacon-sim did not start; see " + sim.log() + ": " + e.getMessage());
        }
        Thread.sleep(200);
      }
    }
    out.println("beacon-sim at " + simUrl + " (log " + sim.log() + ")");
  }

  private void startNodes(final CeremonyResult cluster, final Path logs) throws IOException {
    if (chaosScenario.isPresent()) {
      final List<Integer> listenPorts = new ArrayList<>();
      for (int i = 0; i < options.nodes(); i++) {
        listenPorts.add(
            cluster
                .lock()
                .definition()
                .operators()
                .get(i)
                .addresses()
                .get(0)
                .toSocketAddress()
                .getPort());
      }
      chaos = new ChaosNetwork(chaosScenario.get(), listenPorts, ports);
      out.println(
          "chaos scenario "
              + chaosScenario.get().name()
              + ": every link through its own fault proxy (seed "
              + chaosScenario.get().seed()
              + ")");
    }
    for (int i = 0; i < options.nodes(); i++) {
      final List<String> args = new ArrayList<>(nodeArguments(cluster, i));
      if (chaos != null) {
        args.addAll(chaos.nodeArguments(i + 1));
      }
      final ManagedProcess node =
          new ManagedProcess(
              "node-" + (i + 1),
              options.nodeHeapMegabytes(),
              args,
              logs.resolve("node-" + (i + 1) + ".log"));
      node.start();
      nodes.add(node);
    }
    out.println(options.nodes() + " nodes started (logs in " + logs + ")");
  }

  private List<String> nodeArguments(final CeremonyResult cluster, final int i) throws IOException {
    return List.of(
        "run",
        "--data-dir",
        cluster.operatorDirectories().get(i).toString(),
        "--beacon-node-urls",
        chaos == null
            ? monitoring.beaconUrl(i, simUrl, extraSimPorts)
            : chaos.beaconUrl(i + 1, monitoring.beaconUrl(i, simUrl, extraSimPorts)),
        "--p2p-listen-addresses",
        cluster.lock().definition().operators().get(i).addresses().get(0).toString(),
        "--health-port",
        Integer.toString(healthPorts.get(i)),
        "--metrics-port",
        Integer.toString(ports.next()),
        "--builder=" + options.builder(),
        "--graffiti",
        "dvc-testnet",
        // The validators are new at this chain's genesis: no other copy can be live.
        "--no-doppelganger-protection");
  }

  private List<DutySection> sections(final long slotsPerEpoch)
      throws IOException, InterruptedException {
    final JsonNode summary = getJson("/dvc/v1/summary");
    final long lastSlot = options.epochs() * slotsPerEpoch - 1;
    return List.of(
        DutySection.aggregation(summary, aggregations, lastSlot),
        DutySection.syncMessages(summary, syncMessages, duties.syncMessageDuties(), lastSlot),
        DutySection.syncContributions(summary, syncContributions, lastSlot));
  }

  private void followChain(
      final long genesis, final long slotsPerEpoch, final Map<Long, Map<Long, Long>> dutySlots)
      throws InterruptedException {
    final long lastSlot = options.epochs() * slotsPerEpoch - 1;
    final long slotMillis = options.slotSeconds() * 1000;
    out.printf(
        "genesis in %d s; following %d slots%n",
        Math.max(0, genesis - System.currentTimeMillis() / 1000), lastSlot + 1);
    // A slot's line is printed three slots later, once its duties have a deadline-bound outcome
    // (success, or the failure reason at the deadline two slots after the slot).
    final int lag = 3;
    for (long slot = 0; slot <= lastSlot + lag; slot++) {
      sleepUntil(genesis * 1000 + slot * slotMillis);
      if (slot == 0) {
        nodes.forEach(node -> cpuAtGenesis.add(node.cpuSeconds()));
        nodes.forEach(node -> rssAtGenesis.add(node.rssMegabytes()));
        traffic.markGenesis();
      }
      // the next epoch's duties, as soon as the chain is in the epoch before it
      final String notYet = duties.advanceTo(slot);
      if (notYet != null) {
        out.println("  >> " + notYet);
      }
      applyEvents(slot);
      pollNodes(Math.max(0, slot - lag - 2));
      // the slot the wall clock is in (the loop falls behind when polls are slow)
      monitorWatch.poll((System.currentTimeMillis() - genesis * 1000) / slotMillis, out);
      if (slot >= lag && slot - lag <= lastSlot) {
        printProgress(slot - lag, slotsPerEpoch, dutySlots);
      }
    }
    sleepUntil(genesis * 1000 + (lastSlot + lag + 1) * slotMillis);
    pollNodes(0);
    monitorWatch.poll((System.currentTimeMillis() - genesis * 1000) / slotMillis, out);
  }

  private void applyEvents(final long slot) {
    if (chaos != null) {
      chaos.onSlot(
          slot,
          line -> {
            events.add(line);
            out.println("  >> " + line);
          });
    }
    for (final ExitEvent exit : options.exits()) {
      if (exit.slot() == slot) {
        requestExit(exit);
      }
    }
    for (final NodeEvent kill : withChaos(options.kills(), ChaosNetwork::kills)) {
      if (kill.slot() == slot) {
        nodes.get(kill.node() - 1).kill();
        events.add("slot " + slot + ": node " + kill.node() + " killed (SIGKILL)");
        out.println("  >> slot " + slot + ": node " + kill.node() + " killed (SIGKILL)");
      }
    }
    for (final NodeEvent restart : withChaos(options.restarts(), ChaosNetwork::restarts)) {
      if (restart.slot() == slot) {
        final ManagedProcess node = nodes.get(restart.node() - 1);
        try {
          if (node.isAlive()) {
            node.kill();
          }
          node.start();
          events.add("slot " + slot + ": node " + restart.node() + " restarted");
          out.println("  >> slot " + slot + ": node " + restart.node() + " restarted");
        } catch (final IOException e) {
          out.println(
              "  >> slot "
                  + slot
                  + ": restart of node "
                  + restart.node()
                  + " failed: "
                  + e.getMessage());
        }
      }
    }
  }

  private void requestExit(final ExitEvent exit) {
    int node = 0;
    while (node < nodes.size() - 1 && !nodes.get(node).isAlive()) {
      node++;
    }
    final String line =
        "slot "
            + exit.slot()
            + ": exit of validator "
            + exit.validator()
            + " via node "
            + (node + 1);
    events.add(line);
    out.println("  >> " + line);
    exits.request(
        exit,
        cluster.operatorDirectories().get(node),
        "http://127.0.0.1:" + healthPorts.get(node),
        8 * options.slotSeconds());
  }

  private List<NodeEvent> withChaos(
      final List<NodeEvent> own,
      final java.util.function.Function<ChaosNetwork, List<NodeEvent>> more) {
    if (chaos == null) {
      return own;
    }
    final List<NodeEvent> all = new ArrayList<>(own);
    all.addAll(more.apply(chaos));
    return all;
  }

  private void pollNodes(final long sinceSlot) {
    for (int i = 0; i < nodes.size(); i++) {
      if (!nodes.get(i).isAlive()) {
        continue;
      }
      try {
        final HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + healthPorts.get(i)
                                + "/dvc/v1/duties?since="
                                + sinceSlot))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          final JsonNode outcomes = MAPPER.readTree(response.body());
          ledger.addOutcomes(i + 1, outcomes);
          proposals.addOutcomes(i + 1, outcomes);
          aggregations.addOutcomes(i + 1, outcomes);
          syncMessages.addOutcomes(i + 1, outcomes);
          syncContributions.addOutcomes(i + 1, outcomes);
        }
      } catch (final IOException e) {
        // the node is starting or gone; its outcomes come later or from the others
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void printProgress(
      final long slot, final long slotsPerEpoch, final Map<Long, Map<Long, Long>> dutySlots) {
    final long epoch = slot / slotsPerEpoch;
    final long expected =
        dutySlots.getOrDefault(epoch, Map.of()).values().stream().filter(s -> s == slot).count();
    final DutyLedger.SlotProgress progress = ledger.slot(slot);
    final List<Long> latencies = ledger.successLatencies(slot, slot);
    final java.util.Set<Long> syncMembers = duties.syncMembersAt(slot);
    out.printf(
        "slot %4d  epoch %3d  duties %5d  ok %5d  p50 %5d ms  p99 %5d ms  failed %s"
            + "  | sync ok %d/%d  aggregates ok %d  contributions ok %d%n",
        slot,
        epoch,
        expected,
        progress.successes(),
        DutyLedger.percentile(latencies, 50),
        DutyLedger.percentile(latencies, 99),
        progress.failures().isEmpty() ? "-" : progress.failures().toString(),
        syncMessages.slot(slot).successes(),
        syncMembers.size(),
        aggregations.slot(slot).successes(),
        syncContributions.slot(slot).successes());
  }

  private JsonNode getJson(final String path) throws IOException, InterruptedException {
    final HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(simUrl + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + ": HTTP " + response.statusCode());
    }
    return MAPPER.readTree(response.body());
  }

  private JsonNode postJson(final String path, final String body)
      throws IOException, InterruptedException {
    final HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(simUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return MAPPER.readTree(response.body());
  }

  private static void sleepUntil(final long epochMillis) throws InterruptedException {
    final long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /**
   * Waits until every node has loaded its keystores and serves its health endpoint; the nodes then
   * wait for the beacon node, which starts next with genesis shortly after.
   */
  private void awaitNodesLoaded() throws IOException, InterruptedException {
    final long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    for (int i = 0; i < nodes.size(); i++) {
      while (true) {
        if (!nodes.get(i).isAlive()) {
          throw new IOException(
              nodes.get(i).name() + " exited during start-up; see " + nodes.get(i).log());
        }
        try {
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + healthPorts.get(i) + "/livez"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
          break;
        } catch (final IOException e) {
          if (System.nanoTime() > deadline) {
            throw new IOException(nodes.get(i).name() + " did not start in 180 s", e);
          }
          Thread.sleep(200);
        }
      }
    }
    out.println("all " + nodes.size() + " nodes loaded their keys");
  }

  private static void deleteRecursively(final Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (final Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
