package io.dvc.app.lodestar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.app.testnet.DutyLedger;
import io.dvc.app.testnet.ManagedProcess;
import io.dvc.common.net.LoopbackPorts;
import io.dvc.config.ceremony.CeremonyResult;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DVC cluster on a real beacon node: a Lodestar 1.5.1 dev chain on loopback (minimal preset,
 * Capella from genesis, mock execution engine) whose own validator client runs interop keys 0–3,
 * while {@code nodes} {@code dvc run} processes run interop keys 4 and up, split by the dealer
 * ceremony from EIP-2335 keystores. Lodestar is the judge: its liveness endpoint must show every
 * cluster validator live in each followed epoch (it does so only for validators whose signed
 * attestations it verified), and every block due from a cluster validator must be in its chain.
 * Beyond that ({@link LodestarFindings}): finality must advance, the cluster validators'
 * attestations must be in its blocks (every committee of this 8-validator chain has one member, so
 * only the cluster's own aggregates bring them there), their sync-aggregate bits must be set, their
 * builder registrations must reach Lodestar's builder ({@link RecordingBuilder}) valid in every
 * epoch, and a voluntary exit of the last cluster validator asked for with {@code dvc exit} at the
 * start of the last judged epoch must reach Lodestar's pool (with {@code exit}). Its exit epoch
 * (MAX_SEED_LOOKAHEAD + 1 = 5 epochs later) lies after the run, so the validator stays judged like
 * the others in every epoch.
 *
 * <p>Used by {@code dvc testnet --beacon lodestar} and by the integration test {@code LodestarIT}.
 */
public final class LodestarTestnet {
  /** Validators Lodestar's own validator client runs (interop keys 0..3). */
  public static final int LODESTAR_VALIDATORS = 4;

  private static final int SLOTS_PER_EPOCH = 8; // minimal preset
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** GENESIS_FORK_VERSION of Lodestar's minimal dev config. */
  private static final Bytes GENESIS_FORK_VERSION = Bytes.fromHex("0x00000001");

  /** What to run: the cluster's size, how long, and where Lodestar is installed. */
  public record Settings(
      int nodes,
      int validators,
      int epochs,
      int secondsPerSlot,
      int genesisDelaySeconds,
      long nodeHeapMegabytes,
      LodestarInstallation installation,
      boolean exit) {
    public Settings {
      if (nodes < 1 || validators < 1 || epochs < 1) {
        throw new IllegalArgumentException("--nodes, --validators and --epochs must be at least 1");
      }
      if (secondsPerSlot < 2) {
        throw new IllegalArgumentException("--slot-seconds must be at least 2 with Lodestar");
      }
    }
  }

  private final Settings settings;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<ManagedProcess> nodes = new ArrayList<>();
  private final List<Integer> healthPorts = new ArrayList<>();
  private final LoopbackPorts ports = new LoopbackPorts();
  private final DutyLedger attestations = new DutyLedger("attester");
  private final DutyLedger proposals = new DutyLedger("proposer");
  private final Map<String, DutyLedger> otherDuties = new TreeMap<>();
  private LodestarDevChain chain;
  private RecordingBuilder builder;
  private CeremonyResult cluster;
  private long genesisTime;

  public LodestarTestnet(final Settings settings, final PrintStream out) {
    this.settings = settings;
    this.out = out;
    for (final String type :
        List.of("aggregator", "sync_message", "sync_contribution", "builder_registration")) {
      otherDuties.put(type, new DutyLedger(type));
    }
  }

  /** Runs the chain and the cluster in {@code dir} (logs there too) and stops everything. */
  public LodestarTestnetReport run(final Path dir) throws IOException, InterruptedException {
    final Thread cleanup = new Thread(this::stopAll, "lodestar-testnet-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      final List<Integer> p2pPorts = new ArrayList<>();
      for (int i = 0; i < settings.nodes(); i++) {
        p2pPorts.add(ports.next());
        healthPorts.add(ports.next());
      }
      cluster = makeCluster(dir, p2pPorts);
      genesisTime = System.currentTimeMillis() / 1000 + settings.genesisDelaySeconds();
      builder = startBuilder();
      chain =
          new LodestarDevChain(
              settings.installation(),
              new LodestarDevChain.Settings(
                  LODESTAR_VALIDATORS + settings.validators(),
                  "0.." + (LODESTAR_VALIDATORS - 1),
                  genesisTime,
                  settings.secondsPerSlot(),
                  ports.next(),
                  ports.next(),
                  builder.url()),
              dir.resolve("lodestar"),
              dir.resolve("lodestar.log"));
      chain.start();
      // One after the other: on a busy 2-core machine Lodestar's start-up (about 20 s alone)
      // starves when the node JVMs start beside it.
      chain.awaitApi(START_TIMEOUT);
      out.println("lodestar " + LodestarInstallation.VERSION + " at " + chain.restUrl());
      startNodes(cluster, dir);
      awaitNodesReady();
      return follow();
    } finally {
      stopAll();
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  private CeremonyResult makeCluster(final Path dir, final List<Integer> p2pPorts)
      throws IOException {
    final CeremonyResult result =
        LodestarCluster.make(
            dir, LODESTAR_VALIDATORS, settings.validators(), GENESIS_FORK_VERSION, p2pPorts);
    out.printf(
        "cluster: %d operators, threshold %d, interop validators %d..%d%n",
        settings.nodes(),
        result.lock().definition().threshold(),
        LODESTAR_VALIDATORS,
        LODESTAR_VALIDATORS + settings.validators() - 1);
    return result;
  }

  private void startNodes(final CeremonyResult cluster, final Path dir) throws IOException {
    for (int i = 0; i < settings.nodes(); i++) {
      final ManagedProcess node =
          new ManagedProcess(
              "node-" + (i + 1),
              settings.nodeHeapMegabytes(),
              List.of(
                  "run",
                  "--data-dir",
                  cluster.operatorDirectories().get(i).toString(),
                  "--beacon-node-urls",
                  chain.restUrl(),
                  "--p2p-listen-addresses",
                  cluster.lock().definition().operators().get(i).addresses().get(0).toString(),
                  "--health-port",
                  Integer.toString(healthPorts.get(i)),
                  "--metrics-port",
                  Integer.toString(ports.next()),
                  // validators 4 and up never signed on this new chain
                  "--no-doppelganger-protection"),
              dir.resolve("node-" + (i + 1) + ".log"));
      node.start();
      nodes.add(node);
    }
    out.println(settings.nodes() + " nodes started (logs in " + dir + ")");
  }

  /** Waits until every node answers /readyz with 200 (started, beacon node found). */
  private void awaitNodesReady() throws IOException, InterruptedException {
    final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (int i = 0; i < nodes.size(); i++) {
      while (get(healthPorts.get(i), "/readyz") != 200) {
        requireAlive(nodes.get(i));
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

  /** The builder Lodestar passes registrations to, knowing every interop validator's key. */
  private RecordingBuilder startBuilder() throws IOException {
    final Map<Bytes, Integer> indexByPubkey = new java.util.HashMap<>();
    for (int i = 0; i < LODESTAR_VALIDATORS + settings.validators(); i++) {
      indexByPubkey.put(Bytes.of(InteropKeys.secretKey(i).publicKey().toBytes()), i);
    }
    final RecordingBuilder started =
        new RecordingBuilder(
            indexByPubkey,
            GENESIS_FORK_VERSION,
            () -> Math.max(0, currentSlot()) / SLOTS_PER_EPOCH);
    started.start();
    return started;
  }

  private long currentSlot() {
    return Math.floorDiv(
        System.currentTimeMillis() - genesisTime * 1000, settings.secondsPerSlot() * 1000L);
  }

  private LodestarTestnetReport follow() throws IOException, InterruptedException {
    final long slotMillis = settings.secondsPerSlot() * 1000L;
    final long readyEpoch =
        Math.max(0, System.currentTimeMillis() - genesisTime * 1000) / slotMillis / SLOTS_PER_EPOCH;
    out.printf(
        "nodes ready in epoch %d; following epochs %d..%d%n",
        readyEpoch, readyEpoch + 1, readyEpoch + settings.epochs());
    final List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < LODESTAR_VALIDATORS + settings.validators(); i++) {
      indices.add(i);
    }
    final LivenessProbe liveness = new LivenessProbe(chain.restUrl());
    final ChainProbe blocks = new ChainProbe(chain.restUrl());
    final Map<Long, Map<Integer, Boolean>> live = new TreeMap<>();
    final ChainWatch watch =
        new ChainWatch(blocks, (readyEpoch + 1) * SLOTS_PER_EPOCH, SLOTS_PER_EPOCH, out);
    final int exiting = LODESTAR_VALIDATORS + settings.validators() - 1;
    ExitWatch exit = null;
    // Lodestar 1.5.1 answers proposer duties of the current and the next epoch only, so each
    // epoch's are asked for in the epoch before.
    final Map<Long, Integer> proposers = new TreeMap<>(blocks.proposers(readyEpoch + 1));
    for (long epoch = readyEpoch + 1; epoch <= readyEpoch + settings.epochs(); epoch++) {
      if (settings.exit() && epoch == readyEpoch + settings.epochs()) {
        sleepUntil(genesisTime * 1000 + (epoch * SLOTS_PER_EPOCH + 1) * slotMillis);
        out.printf("slot %d: dvc exit --validator %d on node-1%n", currentSlot(), exiting);
        exit =
            ExitWatch.start(
                exiting,
                blocks,
                this::currentSlot,
                cluster.operatorDirectories().get(0),
                "http://127.0.0.1:" + healthPorts.get(0),
                Duration.ofMillis(2 * SLOTS_PER_EPOCH * slotMillis));
      }
      // Two slots into the next epoch: the epoch's attestations have arrived, and Lodestar still
      // answers for the previous epoch.
      sleepUntil(genesisTime * 1000 + ((epoch + 1) * SLOTS_PER_EPOCH + 2) * slotMillis);
      for (final ManagedProcess node : nodes) {
        requireAlive(node);
      }
      live.put(epoch, liveness.live(epoch, indices));
      watch.epochEnded(epoch, currentSlot());
      if (epoch < readyEpoch + settings.epochs()) {
        proposers.putAll(blocks.proposers(epoch + 1));
      }
      pollNodes(epoch * SLOTS_PER_EPOCH);
      final long clusterLive =
          live.get(epoch).entrySet().stream()
              .filter(e -> e.getKey() >= LODESTAR_VALIDATORS && e.getValue())
              .count();
      out.printf(
          "epoch %3d  cluster validators live %d/%d; finalized epoch %d%n",
          epoch, clusterLive, settings.validators(), watch.finalized());
    }
    final Map<Long, Integer> due = new TreeMap<>();
    final Map<Long, Integer> inChain = new TreeMap<>();
    for (final Map.Entry<Long, Integer> duty : proposers.entrySet()) {
      if (duty.getValue() >= LODESTAR_VALIDATORS) {
        due.put(duty.getKey(), duty.getValue());
        blocks.proposerOfBlockAt(duty.getKey()).ifPresent(p -> inChain.put(duty.getKey(), p));
      }
    }
    final long firstSlot = (readyEpoch + 1) * SLOTS_PER_EPOCH;
    final long lastSlot = (readyEpoch + settings.epochs() + 1) * SLOTS_PER_EPOCH - 1;
    final LodestarFindings.ExitResult exitResult =
        exit == null ? null : exit.result(Duration.ofSeconds(30));
    final List<Integer> clusterIndices = indices.subList(LODESTAR_VALIDATORS, indices.size());
    final Map<String, LodestarFindings.DutyCount> duties = new TreeMap<>();
    otherDuties.forEach(
        (type, ledger) ->
            duties.put(type, LodestarFindings.DutyCount.of(ledger, firstSlot, lastSlot)));
    final LodestarFindings findings =
        new LodestarFindings(
            clusterIndices,
            readyEpoch + 1,
            readyEpoch + settings.epochs(),
            watch.finality(),
            watch
                .inclusion()
                .notIncluded(readyEpoch + 1, readyEpoch + settings.epochs(), clusterIndices),
            watch.inclusion().syncParticipation(),
            watch.inclusion().syncBlocks(),
            builder.validByEpoch(),
            builder.invalid(),
            duties,
            exitResult);
    return new LodestarTestnetReport(
        readyEpoch,
        LODESTAR_VALIDATORS,
        live,
        due,
        inChain,
        attestations.successLatencies(firstSlot, lastSlot),
        proposals.successLatencies(firstSlot, lastSlot),
        findings);
  }

  private void pollNodes(final long sinceSlot) {
    for (int i = 0; i < nodes.size(); i++) {
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
          final JsonNode outcomes = JSON.readTree(response.body());
          attestations.addOutcomes(i + 1, outcomes);
          proposals.addOutcomes(i + 1, outcomes);
          for (final DutyLedger ledger : otherDuties.values()) {
            ledger.addOutcomes(i + 1, outcomes);
          }
        }
      } catch (final IOException e) {
        // a node that does not answer now reports later, or the others report for it
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private int get(final int port, final String path) throws InterruptedException {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (final IOException e) {
      return -1; // not serving yet
    }
  }

  private static void requireAlive(final ManagedProcess node) throws IOException {
    if (!node.isAlive()) {
      throw new IOException(node.name() + " exited; see " + node.log());
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

  private static void sleepUntil(final long epochMillis) throws InterruptedException {
    final long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
