package io.dvc.app.cli;

import io.dvc.beaconsim.BeaconSimConfig;
import io.dvc.beaconsim.BeaconSimulator;
import io.dvc.beaconsim.SimControls;
import io.dvc.beaconsim.ValidatorKeysFile;
import io.dvc.bls.BlsPublicKey;
import io.dvc.common.time.TimeProvider;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dvc beacon-sim}: a simulated beacon node on 127.0.0.1 until interrupted. */
@Command(
    name = "beacon-sim",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a simulated beacon node (standard Beacon API over HTTP/JSON on 127.0.0.1).",
      "Prints 'beacon-sim listening on URL' when ready; summary at URL/dvc/v1/summary."
    })
public final class BeaconSimCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      description = "TCP port on 127.0.0.1; 0 = any free port (default ${DEFAULT-VALUE})")
  int port = 5052;

  @Option(
      names = "--validator-pubkeys",
      paramLabel = "FILE",
      description =
          "JSON array of 0x-hex BLS public keys: the cluster's validators, indices 0..k-1")
  Path validatorPubkeys;

  @Option(
      names = "--extra-validators",
      description = "simulated other validators with random keys (default ${DEFAULT-VALUE})")
  int extraValidators = 0;

  @Option(names = "--slot-seconds", description = "SECONDS_PER_SLOT (default ${DEFAULT-VALUE})")
  long slotSeconds = 12;

  @Option(names = "--preset", description = "mainnet or minimal (default ${DEFAULT-VALUE})")
  String preset = "mainnet";

  @Option(
      names = "--fork",
      description =
          "capella, deneb, electra or fulu; it and all earlier forks at epoch 0"
              + " (default ${DEFAULT-VALUE})")
  String fork = "electra";

  @Option(
      names = "--genesis-delay-seconds",
      description = "genesis time = start + delay (default ${DEFAULT-VALUE})")
  long genesisDelaySeconds = 0;

  @Option(
      names = "--network-fork-version",
      description =
          "GENESIS_FORK_VERSION, 0x + 4 bytes; later versions add the fork's number to"
              + " the first byte (default ${DEFAULT-VALUE})")
  String networkForkVersion = "0x10000910";

  @Option(
      names = "--seed",
      description = "seed of the extra validators' keys (default ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(
      names = "--blobs",
      description = "blobs in every produced block from Deneb on (default ${DEFAULT-VALUE})")
  int blobs = 0;

  @Option(
      names = "--builder",
      description = "connect a fake external builder: blinded blocks when asked for them")
  boolean builder;

  @Option(
      names = "--doppelganger",
      paramLabel = "INDEX",
      description =
          "make validator INDEX appear live from elsewhere in every liveness answer (repeatable)")
  List<Integer> doppelgangers = new ArrayList<>();

  @Option(
      names = "--client-name",
      description =
          "client in /eth/v1/node/version, e.g. Lighthouse or Lighthouse/v5.3.0 (default"
              + " dvc-beacon-sim/0.1.0)")
  String clientName;

  @Option(
      names = "--extra-listener",
      paramLabel = "PORT=CLIENT",
      description =
          "another port serving the same chain but reporting CLIENT as its version"
              + " (repeatable; PORT 0 = any free port)")
  List<String> extraListeners = new ArrayList<>();

  @Option(
      names = "--drop-validator",
      paramLabel = "INDEX",
      split = ",",
      description =
          "accept this validator's attestations and sync committee messages (200) but never"
              + " include them (repeatable)")
  List<Integer> dropValidators = new ArrayList<>();

  @Option(
      names = "--stall-finality-from",
      paramLabel = "EPOCH",
      description = "from this epoch on the finalized checkpoint does not move")
  Long stallFinalityFrom;

  @Option(
      names = "--summary-file",
      paramLabel = "FILE",
      description = "write the /dvc/v1/summary JSON to FILE when stopped (SIGTERM/SIGINT)")
  Path summaryFile;

  @Override
  public Integer call() throws InterruptedException {
    final BeaconSimConfig config;
    final SimControls controls;
    try {
      config = config();
      controls = controls();
    } catch (final IllegalArgumentException e) {
      System.err.println("dvc beacon-sim: " + e.getMessage());
      return 2;
    }
    final BeaconSimulator simulator;
    try {
      simulator = BeaconSimulator.start(config, controls);
    } catch (final IllegalStateException | IllegalArgumentException e) {
      System.err.println("dvc beacon-sim: " + e.getMessage());
      return 1;
    }
    for (final int index : doppelgangers) {
      if (index < 0 || index >= config.clusterValidators().size() + config.extraValidators()) {
        System.err.println("dvc beacon-sim: --doppelganger " + index + ": no such validator");
        simulator.close();
        return 2;
      }
      simulator.markLiveElsewhere(index);
    }
    final CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  writeSummary(simulator);
                  simulator.close();
                  stopped.countDown();
                },
                "beacon-sim-shutdown"));
    System.out.println("beacon-sim listening on " + simulator.url());
    for (int i = 0; i < simulator.extraUrls().size(); i++) {
      System.out.println(
          "beacon-sim also listening on "
              + simulator.extraUrls().get(i)
              + " as "
              + controls.extraListeners().get(i).clientVersion());
    }
    System.out.flush();
    stopped.await();
    return 0;
  }

  private void writeSummary(final BeaconSimulator simulator) {
    if (summaryFile == null) {
      return;
    }
    try {
      final Path temporary = summaryFile.resolveSibling(summaryFile.getFileName() + ".tmp");
      Files.writeString(temporary, simulator.summaryJson().toPrettyString());
      Files.move(
          temporary,
          summaryFile,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (final IOException | RuntimeException e) {
      System.err.println("dvc beacon-sim: cannot write " + summaryFile + ": " + e.getMessage());
    }
  }

  SimControls controls() {
    final SimControls controls = new SimControls();
    if (clientName != null) {
      controls.clientName(clientName);
    }
    for (final String listener : extraListeners) {
      final int eq = listener.indexOf('=');
      if (eq <= 0 || eq == listener.length() - 1) {
        throw new IllegalArgumentException("--extra-listener " + listener + " is not PORT=CLIENT");
      }
      final int port;
      try {
        port = Integer.parseInt(listener.substring(0, eq));
      } catch (final NumberFormatException e) {
        throw new IllegalArgumentException(
            "--extra-listener " + listener + ": port is not a number");
      }
      controls.extraListener(port, listener.substring(eq + 1));
    }
    dropValidators.forEach(controls::dropSubmissionsOf);
    if (stallFinalityFrom != null) {
      controls.stallFinalityFrom(stallFinalityFrom);
    }
    return controls;
  }

  BeaconSimConfig config() {
    final List<BlsPublicKey> keys =
        validatorPubkeys == null ? List.of() : ValidatorKeysFile.read(validatorPubkeys);
    final Bytes version;
    try {
      version = Bytes.fromHex(networkForkVersion, 4);
    } catch (final IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--network-fork-version " + networkForkVersion + " is not 0x + 4 bytes");
    }
    final ForkName forkName = ForkName.fromJsonName(fork);
    return new BeaconSimConfig(
            port,
            keys,
            extraValidators,
            slotSeconds,
            Preset.byName(preset),
            forkName,
            genesisDelaySeconds,
            version,
            seed,
            TimeProvider.SYSTEM)
        .withBlobsPerBlock(blobs)
        .withBuilder(builder);
  }
}
