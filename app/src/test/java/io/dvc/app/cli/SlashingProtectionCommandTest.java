package io.dvc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SlashingProtectionCommandTest {
  private static final String CHAIN =
      "0x0400000000000000000000000000000000000000000000000000000000000001";
  private static final String PUBKEY =
      "0xb845089a1457f811bfc000588fbb4e713669be8ce060ea6be3c6ece09afc3794106c91ca73acda5e5457122d58723bed";

  @TempDir Path temp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void importThenExportRoundTrips() throws IOException {
    final Path input = temp.resolve("in.json");
    Files.writeString(
        input,
        "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
            + CHAIN
            + "\"},\"data\":[{\"pubkey\":\""
            + PUBKEY
            + "\",\"signed_blocks\":[{\"slot\":\"81952\"}],"
            + "\"signed_attestations\":[{\"source_epoch\":\"2290\",\"target_epoch\":\"3007\"}]}]}");
    assertThat(
            run(
                "import",
                "--data-dir",
                temp.resolve("node").toString(),
                "--file",
                input.toString()))
        .isZero();
    assertThat(out.toString()).contains("imported 1 blocks and 1 attestations for 1 validators");
    final Path output = temp.resolve("out.json");
    assertThat(
            run(
                "export",
                "--data-dir",
                temp.resolve("node").toString(),
                "--file",
                output.toString()))
        .isZero();
    final String exported = Files.readString(output);
    assertThat(exported)
        .contains("\"genesis_validators_root\" : \"" + CHAIN + "\"")
        .contains(PUBKEY)
        .contains("\"slot\" : \"81952\"")
        .contains("\"target_epoch\" : \"3007\"");
  }

  @Test
  void malformedFileFailsWithOneLineNamingTheField() throws IOException {
    final Path input = temp.resolve("bad.json");
    Files.writeString(
        input,
        "{\"metadata\":{\"interchange_format_version\":\"5\",\"genesis_validators_root\":\""
            + CHAIN
            + "\"},\"data\":[{\"pubkey\":\""
            + PUBKEY
            + "\",\"signed_blocks\":[{\"slot\":\"x\"}],\"signed_attestations\":[]}]}");
    assertThat(
            run(
                "import",
                "--data-dir",
                temp.resolve("node").toString(),
                "--file",
                input.toString()))
        .isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("error: " + input + ": data[0].signed_blocks[0].slot")
        .doesNotContain("\n");
  }

  @Test
  void missingFileAndMissingDatabaseFailCleanly() {
    assertThat(
            run(
                "import",
                "--data-dir",
                temp.toString(),
                "--file",
                temp.resolve("no.json").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("no such file: " + temp.resolve("no.json"));
    assertThat(
            run(
                "export",
                "--data-dir",
                temp.resolve("empty").toString(),
                "--file",
                temp.resolve("o.json").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("no slashing protection database in");
    assertThat(Files.exists(temp.resolve("o.json"))).isFalse();
  }

  private int run(final String... args) {
    final CommandLine commandLine = Dvc.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    final String[] full = new String[args.length + 1];
    full[0] = "slashing-protection";
    System.arraycopy(args, 0, full, 1, args.length);
    return commandLine.execute(full);
  }
}
