package io.dvc.app.lodestar;

import io.dvc.app.cli.Dvc;
import io.dvc.app.lodestar.LodestarFindings.ExitResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import picocli.CommandLine;

/**
 * A voluntary exit through {@code dvc exit} on one operator, watched in Lodestar: the command runs
 * in this process (it signs the request with the operator's identity key, hands it to that
 * operator's node and waits for the cluster's signed exit), while Lodestar's exit pool is polled
 * every half second until it shows the exit (a block may take it out of the pool soon after).
 */
final class ExitWatch {
  private static final long POLL_MILLIS = 500;

  private final int validator;
  private final long requestSlot;
  private final ChainProbe chain;
  private final LongSupplier currentSlot;
  private final StringWriter output = new StringWriter();
  private final Thread command;
  private final Thread poller;
  private volatile long seenAtSlot = -1;

  private ExitWatch(
      final int validator,
      final long requestSlot,
      final ChainProbe chain,
      final LongSupplier currentSlot,
      final Path operatorDir,
      final String nodeUrl,
      final Duration timeout) {
    this.validator = validator;
    this.requestSlot = requestSlot;
    this.chain = chain;
    this.currentSlot = currentSlot;
    this.command =
        new Thread(
            () -> {
              final PrintWriter writer = new PrintWriter(output, true);
              final CommandLine cli = Dvc.commandLine();
              cli.setOut(writer);
              cli.setErr(writer);
              final int code =
                  cli.execute(
                      "exit",
                      "--data-dir",
                      operatorDir.toString(),
                      "--node",
                      nodeUrl,
                      "--validator",
                      Integer.toString(validator),
                      "--output",
                      operatorDir.resolve("exit-" + validator + ".json").toString(),
                      "--timeout-seconds",
                      Long.toString(timeout.toSeconds()));
              writer.println("(exit code " + code + ")");
            },
            "dvc-exit-" + validator);
    this.poller = new Thread(() -> poll(timeout), "exit-pool-" + validator);
    command.setDaemon(true);
    poller.setDaemon(true);
  }

  /** Runs {@code dvc exit} for {@code validator} on the operator in {@code operatorDir}. */
  static ExitWatch start(
      final int validator,
      final ChainProbe chain,
      final LongSupplier currentSlot,
      final Path operatorDir,
      final String nodeUrl,
      final Duration timeout) {
    final ExitWatch watch =
        new ExitWatch(
            validator, currentSlot.getAsLong(), chain, currentSlot, operatorDir, nodeUrl, timeout);
    watch.poller.start();
    watch.command.start();
    return watch;
  }

  private void poll(final Duration timeout) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (chain.exitPool().contains(validator)) {
          seenAtSlot = currentSlot.getAsLong();
          return;
        }
        Thread.sleep(POLL_MILLIS);
      } catch (final IOException e) {
        // Lodestar busy: ask again
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Waits for the command and the poller, then reads the validator's exit epoch. */
  ExitResult result(final Duration wait) throws InterruptedException {
    command.join(wait.toMillis());
    poller.interrupt();
    poller.join(wait.toMillis());
    OptionalLong exitEpoch;
    try {
      exitEpoch = chain.exitEpoch(validator);
    } catch (final IOException e) {
      exitEpoch = OptionalLong.empty();
    }
    final long seen = seenAtSlot;
    return new ExitResult(
        validator,
        requestSlot,
        output.toString().lines().toList(),
        seen < 0 ? OptionalLong.empty() : OptionalLong.of(seen),
        exitEpoch);
  }
}
