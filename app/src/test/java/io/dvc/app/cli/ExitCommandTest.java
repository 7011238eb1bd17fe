package io.dvc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dvc exit} refuses bad input with one line before any node signs anything. */
class ExitCommandTest {
  @TempDir Path tmp;

  private record Run(int exitCode, String out, String err) {}

  private static Run dvc(final String... args) {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CommandLine cli = Dvc.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    final int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path cluster() {
    final Path out = tmp.resolve("cluster");
    final Run created =
        dvc(
            "create-cluster",
            "--nodes",
            "4",
            "--validators",
            "2",
            "--network",
            "hoodi",
            "--withdrawal-address",
            "0x1234567890123456789012345678901234567890",
            "--fee-recipient",
            "0xabcdef0123456789abcdef0123456789abcdef01",
            "--insecure-fast-kdf",
            "--output",
            out.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    return out;
  }

  private static String closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static void assertOneLine(final Run run, final String expected) {
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).isEqualTo("dvc exit: " + expected);
  }

  @Test
  void aValidatorNotInTheLockIsRefusedBeforeTheNodeIsAsked() throws IOException {
    final Path operator = cluster().resolve("operator-1");
    final String stranger = "0x" + "a1".repeat(48);
    assertOneLine(
        dvc(
            "exit",
            "--data-dir",
            operator.toString(),
            "--node",
            closedPort(),
            "--validator",
            stranger),
        "validator " + stranger + " is not in the cluster lock");
    assertOneLine(
        dvc("exit", "--data-dir", operator.toString(), "--validator", "0x12"),
        "--validator 0x12: not a 48-byte public key");
  }

  @Test
  void anIdentityKeyThatIsNotAnOperatorsIsRefused() throws IOException {
    final Path operator = cluster().resolve("operator-2");
    final Path key = OperatorLayout.identityKey(operator);
    Files.delete(key);
    final byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    secret[0] = 1;
    IdentityKeyFile.write(key, secret);
    assertOneLine(
        dvc("exit", "--data-dir", operator.toString(), "--node", closedPort(), "--validator", "0"),
        key + ": this identity key is not an operator of the cluster lock");
  }

  @Test
  void withoutARunningNodeTheCommandSaysSo() throws IOException {
    final Path operator = cluster().resolve("operator-3");
    final String node = closedPort();
    assertOneLine(
        dvc("exit", "--data-dir", operator.toString(), "--node", node, "--validator", "1"),
        "no node answers at " + node + " (is it running?)");
  }
}
