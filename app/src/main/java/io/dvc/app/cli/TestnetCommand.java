package io.dvc.app.cli;

import io.dvc.app.lodestar.LodestarInstallation;
import io.dvc.app.lodestar.LodestarTestnet;
import io.dvc.app.lodestar.LodestarTestnetReport;
import io.dvc.app.testnet.MonitoringScenario;
import io.dvc.app.testnet.NodeEvent;
import io.dvc.app.testnet.TestnetOptions;
import io.dvc.app.testnet.TestnetRunner;
import io.dvc.app.testnet.chaos.ChaosScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dvc testnet}: a whole local cluster with a simulated beacon chain. */
@Command(
    name = "testnet",
    mixinStandardHelpOptions = true,
    description =
        "Create a cluster, start a simulated beacon node and one process per operator on"
            + " loopback, run for some epochs and report every duty.")
public final class TestnetCommand implements Callable<Integer> {
  @Option(
      names = "--nodes",
      defaultValue = "4",
      description = "Operators (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--threshold", description = "Threshold t (default ceil(2n/3)).")
  Integer threshold;

  @Option(
      names = "--validators",
      defaultValue = "64",
      description = "Distributed validators (default ${DEFAULT-VALUE}).")
  int validators;

  @Option(
      names = "--extra-validators",
      defaultValue = "0",
      description = "Other simulated validators on the chain (default ${DEFAULT-VALUE}).")
  int extraValidators;

  @Option(
      names = "--slot-seconds",
      description = "Seconds per slot (default 4, with --beacon lodestar too).")
  Long slotSeconds;

  @Option(
      names = "--epochs",
      defaultValue = "2",
      description = "Epochs to run (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--fork",
      defaultValue = "electra",
      description = "capella, deneb, electra or fulu (default ${DEFAULT-VALUE}).")
  String fork;

  @Option(
      names = "--preset",
      defaultValue = "mainnet",
      description = "mainnet (32 slots per epoch) or minimal (8) (default ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--kill-node", description = "SIGKILL node I at slot S: I@S (repeatable).")
  List<String> kills = new ArrayList<>();

  @Option(names = "--restart-node", description = "Restart node I at slot S: I@S (repeatable).")
  List<String> restarts = new ArrayList<>();

  @Option(
      names = "--exit-validator",
      description =
          "Exit validator V at slot S through dvc exit on node 1 (the first node alive): V@S"
              + " (repeatable).")
  List<String> exits = new ArrayList<>();

  @Option(names = "--report", description = "Write the JSON report here.")
  Path report;

  @Option(
      names = "--keep",
      description = "Keep the generated cluster, databases and logs in this directory.")
  Path keep;

  @Option(
      names = "--node-heap-mb",
      defaultValue = "384",
      description = "Heap of each node process (default ${DEFAULT-VALUE}).")
  long nodeHeapMegabytes;

  @Option(
      names = "--genesis-delay",
      description =
          "Seconds from the beacon node's start to genesis: time for the nodes to connect, look up"
              + " their validators, rehearse a slot and sign RANDAO reveals and the first selection"
              + " proofs ahead (default 20, plus 1 per 250 validators).")
  Long genesisDelaySeconds;

  @Option(
      names = "--builder",
      description =
          "Propose blinded blocks through beacon-sim's fake builder (default: full blocks).")
  boolean builder;

  @Option(
      names = "--blobs",
      description =
          "Blobs in every block beacon-sim builds from Deneb on (default ${DEFAULT-VALUE}).")
  int blobs = 0;

  @Option(
      names = "--drop-validator",
      paramLabel = "INDEX",
      split = ",",
      description =
          "beacon-sim accepts this validator's attestations and sync committee messages but"
              + " never includes them (the monitors must notice; repeatable)")
  List<Integer> dropValidators = new ArrayList<>();

  @Option(
      names = "--stall-finality-from",
      paramLabel = "EPOCH",
      description = "beacon-sim's finalized checkpoint stops moving at this epoch")
  Long stallFinalityFrom;

  @Option(
      names = "--beacon-clients",
      split = ",",
      paramLabel = "NAME",
      description =
          "consensus clients the nodes' beacon nodes report, node i getting client i mod k"
              + " (e.g. Lighthouse,teku,Lodestar,Prysm); default: all see beacon-sim's name")
  List<String> beaconClients = new ArrayList<>();

  @Option(
      names = "--dkg",
      description =
          "Make the cluster by DKG among the operators (one dvc dkg process each, over libp2p on"
              + " loopback) instead of the dealer.")
  boolean dkg;

  @Option(
      names = "--reshare",
      description =
          "After making the cluster, replace its last operator by a new one with dvc reshare (one"
              + " process per participant) and run the testnet on the new cluster.")
  boolean reshare;

  @Option(
      names = "--beacon",
      defaultValue = "sim",
      description =
          "sim (our simulated beacon node) or lodestar (a local Lodestar "
              + LodestarInstallation.VERSION
              + " dev chain, minimal preset, Capella; its own validator client runs interop keys"
              + " 0-3, the cluster runs keys 4 and up) (default ${DEFAULT-VALUE}).")
  String beacon;

  @Option(
      names = "--lodestar-dir",
      defaultValue = "app/lodestar",
      description =
          "Where npm installed Lodestar (app/lodestar/install.sh does it) (default"
              + " ${DEFAULT-VALUE}).")
  Path lodestarDir;

  @Option(
      names = "--chaos",
      description =
          "Run under a fault scenario: a built-in name (lossy-node-and-restart, partition-2-2,"
              + " equivocating-leader, wrong-partials, flood) or a scenario file (docs/chaos.md).")
  String chaos;

  @Override
  public Integer call() throws Exception {
    if ("lodestar".equals(beacon)) {
      return lodestar();
    }
    if (!"sim".equals(beacon)) {
      throw new IllegalArgumentException("--beacon " + beacon + ": expected sim or lodestar");
    }
    // 4 s: with every duty (sync committees of 64 validators in every slot) four nodes and
    // beacon-sim on 2 cores need it; at 2 s the contributions did not fit between 2/3 and the
    // next slot
    final long slotSeconds = this.slotSeconds == null ? 4 : this.slotSeconds;
    final TestnetOptions options =
        new TestnetOptions(
            nodes,
            threshold == null ? OptionalInt.empty() : OptionalInt.of(threshold),
            validators,
            extraValidators,
            slotSeconds,
            epochs,
            fork,
            preset,
            kills.stream().map(NodeEvent::parse).toList(),
            restarts.stream().map(NodeEvent::parse).toList(),
            Optional.ofNullable(report),
            Optional.ofNullable(keep),
            nodeHeapMegabytes,
            // 20 s: four node JVMs starting at once on 2 cores were ready only at genesis with 10
            // s,
            // and the start-up work (RANDAO ahead, the first selection rounds) fell into slot 0
            genesisDelaySeconds != null ? genesisDelaySeconds : 20 + validators / 250,
            builder,
            blobs,
            exits.stream().map(io.dvc.app.testnet.ExitEvent::parse).toList(),
            dkg,
            reshare);
    for (final int index : dropValidators) {
      if (index >= validators) {
        throw new IllegalArgumentException(
            "--drop-validator " + index + ": validators are 0.." + (validators - 1));
      }
    }
    final MonitoringScenario monitoring =
        new MonitoringScenario(
            dropValidators,
            stallFinalityFrom == null
                ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(stallFinalityFrom),
            beaconClients);
    return new TestnetRunner(
            options,
            System.out,
            chaos == null ? Optional.empty() : Optional.of(ChaosScenario.load(chaos)))
        .withMonitoring(monitoring)
        .run();
  }

  /** {@code --beacon lodestar}: the cluster on a local Lodestar dev chain. */
  private int lodestar() throws Exception {
    final List<String> unavailable = new ArrayList<>();
    if (!kills.isEmpty() || !restarts.isEmpty()) {
      unavailable.add("--kill-node/--restart-node");
    }
    if (builder || blobs != 0) {
      unavailable.add("--builder/--blobs");
    }
    if (!exits.isEmpty()) {
      unavailable.add("--exit-validator (it exits the last cluster validator itself)");
    }
    if (dkg || reshare) {
      unavailable.add("--dkg/--reshare");
    }
    if (extraValidators != 0 || !"electra".equals(fork) || !"mainnet".equals(preset)) {
      unavailable.add("--extra-validators/--fork/--preset (the dev chain is minimal, Capella)");
    }
    if (!unavailable.isEmpty()) {
      throw new IllegalArgumentException(
          String.join(", ", unavailable) + " not available with --beacon lodestar");
    }
    final LodestarInstallation installation = new LodestarInstallation(lodestarDir);
    if (!installation.installed()) {
      throw new IllegalArgumentException(
          "--lodestar-dir "
              + installation.directory()
              + ": Lodestar is not installed there (run app/lodestar/install.sh)");
    }
    final LodestarTestnet.Settings settings =
        new LodestarTestnet.Settings(
            nodes,
            validators,
            epochs,
            Math.toIntExact(slotSeconds == null ? 4 : slotSeconds),
            genesisDelaySeconds != null ? Math.toIntExact(genesisDelaySeconds) : 30,
            nodeHeapMegabytes,
            installation,
            true);
    final Path dir =
        keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("dvc-lodestar-");
    final LodestarTestnetReport result = new LodestarTestnet(settings, System.out).run(dir);
    result.print(System.out);
    if (report != null) {
      Files.writeString(report, result.toJson().toPrettyString());
      System.out.println("report written to " + report);
    }
    System.out.println("chain, cluster and logs in " + dir);
    return result.passed() ? 0 : 1;
  }
}
