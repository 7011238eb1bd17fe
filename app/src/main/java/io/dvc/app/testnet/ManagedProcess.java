package io.dvc.app.testnet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM running a dvc subcommand, its output appended to a log file. */
public final class ManagedProcess {
  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;
  private double cpuSecondsOfEarlierRuns;

  public ManagedProcess(
      final String name, final long heapMegabytes, final List<String> dvcArgs, final Path log) {
    this.name = name;
    this.log = log;
    final List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heapMegabytes + "m");
    cmd.add("-XX:+UseSerialGC");
    // A node out of memory is dead for duties; exit so the supervisor (or testnet) restarts it.
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.dvc.app.cli.Dvc");
    cmd.addAll(dvcArgs);
    this.command = List.copyOf(cmd);
  }

  /** The child's command line. */
  List<String> command() {
    return command;
  }

  public String name() {
    return name;
  }

  public Path log() {
    return log;
  }

  /** CPU seconds used so far, over every run of this process (restarts included). */
  public synchronized double cpuSeconds() {
    return cpuSecondsOfEarlierRuns + currentCpuSeconds();
  }

  private double currentCpuSeconds() {
    if (process == null) {
      return 0;
    }
    return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L) / 1000.0;
  }

  /** Resident set size in MiB (Linux /proc), or -1 when not running or unknown. */
  public synchronized double rssMegabytes() {
    if (process == null || !process.isAlive()) {
      return -1;
    }
    try {
      for (final String line :
          java.nio.file.Files.readAllLines(
              Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (final IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  public synchronized void start() throws IOException {
    cpuSecondsOfEarlierRuns += currentCpuSeconds();
    final ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    process = builder.start();
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /**
   * Waits up to {@code timeout} for the process to exit; its exit code, or empty if it still runs
   * (or never started).
   */
  public java.util.OptionalInt waitFor(final java.time.Duration timeout)
      throws InterruptedException {
    final Process running;
    synchronized (this) {
      running = process;
    }
    if (running == null || !running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return java.util.OptionalInt.empty();
    }
    return java.util.OptionalInt.of(running.exitValue());
  }

  /** SIGKILL. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    cpuSecondsOfEarlierRuns += currentCpuSeconds();
    final Process killed = process;
    process = null;
    killed.destroyForcibly();
    try {
      killed.waitFor();
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then SIGKILL after a grace period. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
