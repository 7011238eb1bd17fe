package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.dkg.cli.DkgCommand;
import io.dvc.dkg.cli.ReshareCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DkgCommandTest {
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(final Object command, final String... args) {
    final CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void aMissingDefinitionIsOneLineNamingTheFileAndNothingIsWritten() {
    final int code =
        run(
            new DkgCommand(),
            "--definition",
            tmp.resolve("nope.json").toString(),
            "--identity-key",
            tmp.resolve("key").toString(),
            "--output",
            tmp.resolve("out").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("dvc dkg: " + tmp.resolve("nope.json"))
        .contains("cannot read file")
        .doesNotContain("\n");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void anIdentityKeyOutsideTheDefinitionIsNamed() throws Exception {
    final Path definition = DkgLoopbackIT.writeCluster(tmp, 4, 3, 1, new SecureRandom());
    final byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    IdentityKeyFile.write(tmp.resolve("stranger"), other);
    final int code =
        run(
            new DkgCommand(),
            "--definition",
            definition.toString(),
            "--identity-key",
            tmp.resolve("stranger").toString(),
            "--output",
            tmp.resolve("out").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("dvc dkg: " + tmp.resolve("stranger") + ": identity key (peer id ")
        .endsWith("is not an operator of the definition");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aNonEmptyOutputIsRefusedBeforeAnyoneIsContacted() throws Exception {
    final Path definition = DkgLoopbackIT.writeCluster(tmp, 4, 3, 1, new SecureRandom());
    Files.createDirectories(tmp.resolve("out").resolve("something"));
    final int code =
        run(
            new DkgCommand(),
            "--definition",
            definition.toString(),
            "--identity-key",
            tmp.resolve("identity-1").toString(),
            "--output",
            tmp.resolve("out").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("dvc dkg: " + tmp.resolve("out") + ": already exists and is not empty");
  }

  @Test
  void reshareNeedsExactlyOneOldSource() {
    final int code =
        run(
            new ReshareCommand(),
            "--old-lock",
            "a",
            "--old-data-dir",
            "b",
            "--new-definition",
            "c",
            "--dealers",
            "1,2,3",
            "--identity-key",
            "k");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("dvc reshare: give either the old operator directory or the old lock");
  }
}
