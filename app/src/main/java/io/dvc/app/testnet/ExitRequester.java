package io.dvc.app.testnet;

import io.dvc.app.cli.Dvc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code dvc exit} for the testnet, in this process and off the slot loop: it signs the
 * request with the chosen operator's identity key, hands it to that operator's node and waits for
 * the cluster's signed exit; what it prints is kept for the report.
 */
final class ExitRequester {
  private final List<Thread> threads = new ArrayList<>();
  private final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());

  void request(
      final ExitEvent exit,
      final Path operatorDir,
      final String nodeUrl,
      final long timeoutSeconds) {
    final Thread thread =
        new Thread(
            () -> {
              final StringWriter text = new StringWriter();
              final PrintWriter writer = new PrintWriter(text, true);
              final CommandLine command = Dvc.commandLine();
              command.setOut(writer);
              command.setErr(writer);
              final int code =
                  command.execute(
                      "exit",
                      "--data-dir",
                      operatorDir.toString(),
                      "--node",
                      nodeUrl,
                      "--validator",
                      Long.toString(exit.validator()),
                      "--output",
                      operatorDir.resolve("exit-" + exit.validator() + ".json").toString(),
                      "--timeout-seconds",
                      Long.toString(timeoutSeconds));
              text.toString().lines().forEach(outcomes::add);
              outcomes.add("(validator " + exit.validator() + ": exit code " + code + ")");
            },
            "dvc-exit-" + exit.validator());
    thread.setDaemon(true);
    thread.start();
    threads.add(thread);
  }

  void awaitAll(final Duration timeout) throws InterruptedException {
    for (final Thread thread : threads) {
      thread.join(timeout.toMillis());
    }
  }

  List<String> outcomes() {
    return List.copyOf(outcomes);
  }
}
