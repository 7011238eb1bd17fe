package io.dvc.app.lodestar;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code lodestar dev} chain on loopback as a child process: minimal preset, {@code
 * genesisValidators} interop validators in genesis, Altair, Bellatrix and Capella at epoch 0, the
 * mock execution engine, the REST API on 127.0.0.1, libp2p on 127.0.0.1 with discv5 off and no
 * bootnodes, and Lodestar's own validator client running interop keys {@code lodestarValidators}.
 * SHARD_COMMITTEE_PERIOD is 0, so a validator may exit from genesis on; with a {@code builderUrl}
 * Lodestar runs with its builder interface on ({@code --builder}), which 1.5.1 needs to accept
 * validator registrations (it passes them on to that builder). {@link #close} stops the process and
 * everything it started.
 */
public final class LodestarDevChain implements AutoCloseable {
  /** Settings of one dev chain. */
  public record Settings(
      int genesisValidators,
      String lodestarValidators,
      long genesisTime,
      int secondsPerSlot,
      int restPort,
      int p2pPort,
      String builderUrl) {}

  private final LodestarInstallation installation;
  private final Settings settings;
  private final Path dataDir;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;

  public LodestarDevChain(
      final LodestarInstallation installation,
      final Settings settings,
      final Path dataDir,
      final Path log) {
    this.installation = installation;
    this.settings = settings;
    this.dataDir = dataDir;
    this.log = log;
  }

  /** The REST API's base URL. */
  public String restUrl() {
    return "http://127.0.0.1:" + settings.restPort();
  }

  public Path log() {
    return log;
  }

  public Settings settings() {
    return settings;
  }

  /** The full command line (also what the README documents). */
  public List<String> command() {
    final List<String> cmd = new ArrayList<>();
    cmd.add(installation.nodeBinary().toString());
    cmd.add(installation.cli().toString());
    cmd.add("dev");
    cmd.addAll(flags(settings, dataDir));
    return List.copyOf(cmd);
  }

  /** The {@code lodestar dev} flags for these settings. */
  public static List<String> flags(final Settings settings, final Path dataDir) {
    final String rest = "http://127.0.0.1:" + settings.restPort();
    final List<String> flags = new ArrayList<>();
    flags.addAll(
        List.of(
            "--preset=minimal",
            "--dataDir=" + dataDir,
            "--genesisValidators=" + settings.genesisValidators(),
            "--genesisTime=" + settings.genesisTime(),
            "--startValidators=" + settings.lodestarValidators(),
            "--params.ALTAIR_FORK_EPOCH=0",
            "--params.BELLATRIX_FORK_EPOCH=0",
            "--params.CAPELLA_FORK_EPOCH=0",
            "--params.SHARD_COMMITTEE_PERIOD=0",
            "--params.SECONDS_PER_SLOT=" + settings.secondsPerSlot(),
            "--execution.engineMock",
            "--eth1=false",
            "--rest.address=127.0.0.1",
            "--rest.port=" + settings.restPort(),
            "--beaconNodes=" + rest,
            "--listenAddress=127.0.0.1",
            "--port=" + settings.p2pPort(),
            "--discv5=false",
            "--mdns=false",
            "--metrics=false",
            "--logFile=none"));
    if (!settings.builderUrl().isEmpty()) {
      flags.add("--builder");
      flags.add("--builder.urls=" + settings.builderUrl());
    }
    return List.copyOf(flags);
  }

  /**
   * Starts Lodestar with a clean environment (its CLI reads every {@code LODESTAR_*} variable as a
   * flag) in {@code dataDir}, where {@code lodestar dev} writes genesis.ssz.
   */
  public void start() throws IOException {
    installation.check();
    Files.createDirectories(dataDir);
    final ProcessBuilder builder = new ProcessBuilder(command());
    builder.environment().keySet().removeIf(name -> name.startsWith("LODESTAR_"));
    builder.directory(dataDir.toFile());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    process = builder.start();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Waits until the REST API answers /eth/v1/node/version, or fails naming the log. */
  public void awaitApi(final Duration timeout) throws IOException, InterruptedException {
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!isAlive()) {
        throw new IOException("Lodestar exited during start-up; see " + log);
      }
      try {
        final HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(restUrl() + "/eth/v1/node/version"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (final IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("Lodestar's REST API did not answer in " + timeout + "; see " + log);
      }
      Thread.sleep(250);
    }
  }

  /** SIGTERM to Lodestar and its children, SIGKILL after 10 s. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    final List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
