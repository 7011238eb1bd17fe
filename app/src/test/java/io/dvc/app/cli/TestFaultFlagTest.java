package io.dvc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The hidden {@code dvc run --test-fault} flag cannot misbehave on a public network's cluster. */
class TestFaultFlagTest {
  @TempDir Path tmp;

  private static String[] run(
      final StringWriter out, final StringWriter err, final String... args) {
    final CommandLine cli = Dvc.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return new String[] {Integer.toString(cli.execute(args))};
  }

  @Test
  void
      aNodeOfAPublicNetworksClusterRefusesToStartWithATestFaultOrClockOffsetAndNeitherIsInTheHelp() {
    final Path cluster = tmp.resolve("cluster");
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final String[] created =
        run(
            out,
            err,
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
            cluster.toString());
    assertThat(created[0]).as(err.toString()).isEqualTo("0");

    final StringWriter runErr = new StringWriter();
    final String[] refused =
        run(
            new StringWriter(),
            runErr,
            "run",
            "--data-dir",
            cluster.resolve("operator-1").toString(),
            "--beacon-node-urls",
            "http://127.0.0.1:9",
            "--health-port", // never bound: the refusal comes first
            "40001",
            "--metrics-port",
            "40002",
            "--test-fault",
            "equivocating-leader");
    assertThat(refused[0]).isEqualTo("1");
    assertThat(runErr.toString().strip())
        .isEqualTo(
            "dvc run: --test-fault is for test clusters only; this cluster was made for hoodi,"
                + " refusing to start");

    final StringWriter clockErr = new StringWriter();
    final String[] clockRefused =
        run(
            new StringWriter(),
            clockErr,
            "run",
            "--data-dir",
            cluster.resolve("operator-1").toString(),
            "--beacon-node-urls",
            "http://127.0.0.1:9",
            "--health-port",
            "40001",
            "--metrics-port",
            "40002",
            "--test-clock-offset-ms",
            "800");
    assertThat(clockRefused[0]).isEqualTo("1");
    assertThat(clockErr.toString().strip())
        .isEqualTo(
            "dvc run: --test-clock-offset-ms is for test clusters only; this cluster was made for"
                + " hoodi, refusing to start");

    final StringWriter help = new StringWriter();
    run(help, new StringWriter(), "run", "--help");
    assertThat(help.toString())
        .doesNotContain("test-fault")
        .doesNotContain("test-clock-offset")
        .doesNotContain("p2p-peer-address");
  }
}
