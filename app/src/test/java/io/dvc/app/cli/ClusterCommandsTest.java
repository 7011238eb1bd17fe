package io.dvc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dvc create-cluster} and {@code dvc lock verify} through the real command line. */
class ClusterCommandsTest {
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

  private String[] create(final Path output, final String... extra) {
    final String[] base = {
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
      output.toString()
    };
    return Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
  }

  @Test
  void createdClusterVerifiesForEveryOperatorAndATamperedLockFails() throws Exception {
    final Path out = tmp.resolve("cluster");
    final Run created = dvc(create(out));

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out())
        .contains("4 operators, threshold 3, 2 validators, network hoodi")
        .contains("shown only this once");
    for (int i = 1; i <= 4; i++) {
      final Run verified =
          dvc("lock", "verify", out.resolve("operator-" + i + "/cluster-lock.json").toString());
      assertThat(verified.exitCode()).as(verified.err()).isZero();
      assertThat(verified.out()).startsWith("OK ");
    }
    final Path lock = out.resolve("operator-1/cluster-lock.json");
    Files.writeString(
        lock, Files.readString(lock).replace("\"num_validators\" : 2", "\"num_validators\" : 3"));
    final Run tampered = dvc("lock", "verify", lock.toString());
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.err().strip())
        .isEqualTo(
            lock
                + ": $.distributed_validators: has 2 validators but $.definition.num_validators is 3");
  }

  @Test
  void unknownNetworkIsOneLineAndLeavesNothing() {
    final String[] args = create(tmp.resolve("c"));
    args[6] = "goerli";
    final Run run = dvc(args);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "dvc create-cluster: --network: unknown network 'goerli' (known: mainnet, sepolia, holesky, hoodi or custom with --fork-version)");
    assertThat(tmp.resolve("c")).doesNotExist();
  }

  @Test
  void customForkVersionMakesACustomNetwork() throws Exception {
    final Path out = tmp.resolve("custom");
    final String[] args = create(out);
    args[6] = "custom";
    final Run run =
        dvc(
            Stream.concat(Stream.of(args), Stream.of("--fork-version", "0x10000038"))
                .toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(out.resolve("deposit-data.json")))
        .contains("\"fork_version\" : \"10000038\"", "\"network_name\" : \"custom\"");
  }

  @Test
  void interopKeystoresSplitIntoOperatorsWithTheirAddresses() throws Exception {
    final Path keys = tmp.resolve("keys");
    io.dvc.app.lodestar.InteropKeys.writeKeystores(keys, 4, 6);
    final Path out = tmp.resolve("interop");
    final Run run =
        dvc(
            "create-cluster",
            "--split-keys-dir",
            keys.toString(),
            "--nodes",
            "4",
            "--operator-addresses",
            "/ip4/127.0.0.1/tcp/4001,/ip4/127.0.0.1/tcp/4002,/ip4/127.0.0.1/tcp/4003,/ip4/127.0.0.1/tcp/4004",
            "--fork-version",
            "0x00000001",
            "--withdrawal-address",
            "0x1234567890123456789012345678901234567890",
            "--fee-recipient",
            "0xabcdef0123456789abcdef0123456789abcdef01",
            "--insecure-fast-kdf",
            "--output",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    final String lock = Files.readString(out.resolve("operator-3/cluster-lock.json"));
    assertThat(lock)
        .contains("\"/ip4/127.0.0.1/tcp/4003\"")
        .contains(io.dvc.app.lodestar.InteropKeys.secretKey(4).publicKey().toHex())
        .contains(io.dvc.app.lodestar.InteropKeys.secretKey(5).publicKey().toHex());
  }

  @Test
  void operatorAddressesMustBeOnePerOperator() {
    final Run run =
        dvc(create(tmp.resolve("c"), "--operator-addresses", "/ip4/127.0.0.1/tcp/4001"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "dvc create-cluster: --operator-addresses has 1 addresses for 4 operators (one each)");
    assertThat(tmp.resolve("c")).doesNotExist();
  }

  @Test
  void deeplyNestedJsonIsTheUsualOneLineError() throws Exception {
    final Path lock =
        Files.writeString(tmp.resolve("nested.json"), "[".repeat(100_000) + "]".repeat(100_000));
    final Run run = dvc("lock", "verify", lock.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(lock + ": $: not usable JSON: nested deeper than 64 levels");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void controlCharactersFromTheFileAreEscapedInTheError() throws Exception {
    final Path lock =
        Files.writeString(tmp.resolve("lock.json"), "{\"version\": \"v1\\u001b[2J\\nOK\"}");
    final Run run = dvc("lock", "verify", lock.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .startsWith(lock + ": $.version: unsupported version 'v1\\x1b[2J\\nOK'")
        .doesNotContain("\n");
  }

  @Test
  void anUnexpectedErrorNamesTheWholeCommand() throws Exception {
    final CommandLine cli = Dvc.commandLine();
    final StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    final CommandLine verify = cli.getSubcommands().get("lock").getSubcommands().get("verify");
    verify.setErr(new PrintWriter(err));
    final int code =
        cli.getExecutionExceptionHandler()
            .handleExecutionException(new IllegalStateException("two\nlines"), verify, null);
    verify.getErr().flush();
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("dvc lock verify: two\\nlines" + System.lineSeparator());
  }

  @Test
  void missingLockFileIsOneLine() {
    final Path absent = tmp.resolve("absent.json");
    final Run run = dvc("lock", "verify", absent.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .startsWith(absent + ": $: cannot read file (NoSuchFileException")
        .doesNotContain("\n");
  }
}
