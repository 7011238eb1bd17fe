package io.dvc.app.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audit finding 1: a node JVM out of memory stayed alive doing no duties. Every node JVM we start
 * must exit on OutOfMemoryError so that its supervisor (or the testnet) restarts it.
 */
class ManagedProcessTest {

  @Test
  void testnetChildJvmsExitOnOutOfMemory() {
    final ManagedProcess process =
        new ManagedProcess("node-1", 256, List.of("run"), Path.of("node-1.log"));
    assertThat(process.command()).contains("-XX:+ExitOnOutOfMemoryError", "-Xmx256m");
    assertThat(process.command().indexOf("-XX:+ExitOnOutOfMemoryError"))
        .isLessThan(process.command().indexOf("io.dvc.app.cli.Dvc"));
  }

  @Test
  void theDvcLauncherExitsOnOutOfMemory() throws IOException {
    final Path launcher = Path.of("..", "dvc");
    final List<String> exec =
        Files.readAllLines(launcher).stream().filter(l -> l.startsWith("exec java")).toList();
    assertThat(exec).hasSize(1);
    assertThat(exec.get(0)).startsWith("exec java -XX:+ExitOnOutOfMemoryError ");
  }
}
