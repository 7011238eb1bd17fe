package io.dvc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dvc monitor}: bad input is one line and a non-zero exit, before anything listens. */
class MonitorCommandTest {
  @TempDir Path tmp;

  private record Run(int exitCode, String err) {}

  private static Run dvc(final String... args) {
    final StringWriter err = new StringWriter();
    final CommandLine cli = Dvc.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    return new Run(cli.execute(args), err.toString());
  }

  @Test
  void aMissingLockIsOneLine() {
    final Path absent = tmp.resolve("absent.json");
    final Run run =
        dvc("monitor", "--lock", absent.toString(), "--beacon-node-urls", "http://127.0.0.1:1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("dvc monitor: " + absent + ": $: cannot read file")
        .doesNotContain("\n");
  }

  @Test
  void badSettingsAreRefusedNamingTheFlag() throws Exception {
    final Path out = tmp.resolve("cluster");
    final StringWriter ignored = new StringWriter();
    final CommandLine cli = Dvc.commandLine();
    cli.setOut(new PrintWriter(ignored));
    cli.setErr(new PrintWriter(ignored));
    assertThat(
            cli.execute(
                "create-cluster",
                "--nodes",
                "4",
                "--validators",
                "1",
                "--network",
                "hoodi",
                "--withdrawal-address",
                "0x1234567890123456789012345678901234567890",
                "--fee-recipient",
                "0xabcdef0123456789abcdef0123456789abcdef01",
                "--insecure-fast-kdf",
                "--output",
                out.toString()))
        .isZero();
    final String lock = out.resolve("operator-1/cluster-lock.json").toString();
    assertThat(dvc("monitor", "--lock", lock, "--beacon-node-urls", "ftp://x").err().strip())
        .isEqualTo("dvc monitor: --beacon-node-urls: ftp://x is not http(s)");
    assertThat(
            dvc(
                    "monitor",
                    "--lock",
                    lock,
                    "--beacon-node-urls",
                    "http://127.0.0.1:1",
                    "--watch-path",
                    "beacon")
                .err()
                .strip())
        .isEqualTo("dvc monitor: --watch-path beacon is not NAME=PATH");
    final Run threshold =
        dvc(
            "monitor",
            "--lock",
            lock,
            "--beacon-node-urls",
            "http://127.0.0.1:1",
            "--effectiveness-threshold",
            "1.5");
    assertThat(threshold.exitCode()).isEqualTo(2);
    assertThat(threshold.err().strip())
        .isEqualTo("dvc monitor: effectiveness threshold must be in 0..1, got 1.5");
    final Run sync =
        dvc(
            "monitor",
            "--lock",
            lock,
            "--beacon-node-urls",
            "http://127.0.0.1:1",
            "--sync-alert-after",
            "0");
    assertThat(sync.exitCode()).isEqualTo(2);
    assertThat(sync.err().strip())
        .isEqualTo("dvc monitor: sync alert after misses must be at least 1, got 0");
  }
}
