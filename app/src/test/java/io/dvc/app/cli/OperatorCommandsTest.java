package io.dvc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.config.cluster.ClusterFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bring-your-own-identity flow through the real command line ({@code dvc identity}, {@code dvc
 * definition}, {@code dvc create-cluster --definition}, {@code dvc lock sign|merge|verify}) and its
 * bad inputs: each one line naming the file, field or peer, exit 1, nothing written.
 */
class OperatorCommandsTest {
  private static final String WITHDRAWAL = "0x1111111111111111111111111111111111111111";
  private static final String FEE = "0x2222222222222222222222222222222222222222";
  private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave");

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

  private static void assertOneLineFailure(final Run run, final String... fragments) {
    assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
    assertThat(run.err().strip()).doesNotContain("\n").contains(fragments);
  }

  private String identity(final String name) {
    final Run run = dvc("identity", "create", "--output", tmp.resolve(name + ".key").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out().strip();
  }

  private String[] definition(
      final Path output, final List<String> operators, final String... extra) {
    final List<String> args =
        new ArrayList<>(
            List.of(
                "definition",
                "create",
                "--name",
                "byo",
                "--network",
                "hoodi",
                "--validators",
                "2",
                "--withdrawal-address",
                WITHDRAWAL,
                "--fee-recipient",
                FEE,
                "--output",
                output.toString()));
    operators.forEach(op -> args.addAll(List.of("--operator", op)));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private List<String> operators(final List<String> peerIds) {
    final List<String> operators = new ArrayList<>();
    for (int i = 0; i < peerIds.size(); i++) {
      operators.add(NAMES.get(i) + "=" + peerIds.get(i) + "@/ip4/127.0.0.1/tcp/" + (3610 + i));
    }
    return operators;
  }

  @Test
  void identityCreateWritesAnOwnerOnlyKeyWhosePeerIdShowPrints() throws Exception {
    final Path key = tmp.resolve("identity-key");
    final Run created = dvc("identity", "create", "--output", key.toString());

    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out().strip()).startsWith("16Uiu2").doesNotContain("\n");
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(dvc("identity", "show", key.toString()).out()).isEqualTo(created.out());
  }

  @Test
  void identityCreateRefusesAnExistingFileAndLeavesItUntouched() throws Exception {
    final Path key = tmp.resolve("identity-key");
    Files.writeString(key, "precious\n");

    final Run run = dvc("identity", "create", "--output", key.toString());

    assertOneLineFailure(run, key + ": already exists; refusing to overwrite an identity key");
    assertThat(Files.readString(key)).isEqualTo("precious\n");
  }

  @Test
  void bringYourOwnIdentityFlowEndsWithALockThatVerifiesForEveryOperator() throws Exception {
    final List<String> peerIds = NAMES.stream().map(this::identity).toList();
    final Path definition = tmp.resolve("cluster-definition.json");
    final Run defined = dvc(definition(definition, operators(peerIds)));
    assertThat(defined.exitCode()).as(defined.err()).isZero();
    final Run checked =
        dvc(
            "definition",
            "verify",
            definition.toString(),
            "--identity-key",
            tmp.resolve("carol.key").toString());
    assertThat(checked.out()).contains("you are operator 'carol' (share index 3)");

    final Path cluster = tmp.resolve("cluster");
    final Run ceremony =
        dvc(
            "create-cluster",
            "--definition",
            definition.toString(),
            "--insecure-fast-kdf",
            "--output",
            cluster.toString());
    assertThat(ceremony.exitCode()).as(ceremony.err()).isZero();
    final List<String> signed = new ArrayList<>();
    for (final String name : NAMES) {
      final Path lock = cluster.resolve(name).resolve(ClusterFiles.LOCK_FILE);
      final Run sign =
          dvc(
              "lock",
              "sign",
              "--identity-key",
              tmp.resolve(name + ".key").toString(),
              lock.toString());
      assertThat(sign.exitCode()).as(sign.err()).isZero();
      signed.add(lock.toString());
    }
    final Path merged = tmp.resolve("merged.json");
    final Run merge =
        dvc(
            Stream.concat(
                    Stream.of("lock", "merge", "--output", merged.toString()), signed.stream())
                .toArray(String[]::new));

    assertThat(merge.exitCode()).as(merge.err()).isZero();
    assertThat(merge.out()).contains("4 of 4 operators signed");
    final Run verified = dvc("lock", "verify", merged.toString());
    assertThat(verified.exitCode()).as(verified.err()).isZero();
  }

  @Test
  void partialMergeNamesTheOperatorsStillToSign() throws Exception {
    final Path cluster = signedCopies(2);
    final Path merged = tmp.resolve("merged.json");
    final Run merge =
        dvc(
            "lock",
            "merge",
            "--output",
            merged.toString(),
            cluster.resolve("alice/cluster-lock.json").toString(),
            cluster.resolve("bob/cluster-lock.json").toString());

    assertThat(merge.exitCode()).as(merge.err()).isZero();
    assertThat(merge.out()).contains("2 of 4 operators signed; still unsigned: carol, dave");
    assertThat(dvc("lock", "verify", merged.toString()).err())
        .contains("$.operator_signatures[2]: missing: operator 'carol' has not signed");
  }

  /** A BYO cluster under tmp/cluster whose first {@code signers} operators signed their copy. */
  private Path signedCopies(final int signers) {
    final List<String> peerIds = NAMES.stream().map(this::identity).toList();
    final Path definition = tmp.resolve("cluster-definition.json");
    assertThat(dvc(definition(definition, operators(peerIds))).exitCode()).isZero();
    final Path cluster = tmp.resolve("cluster");
    assertThat(
            dvc(
                    "create-cluster",
                    "--definition",
                    definition.toString(),
                    "--insecure-fast-kdf",
                    "--output",
                    cluster.toString())
                .exitCode())
        .isZero();
    for (final String name : NAMES.subList(0, signers)) {
      assertThat(
              dvc(
                      "lock",
                      "sign",
                      "--identity-key",
                      tmp.resolve(name + ".key").toString(),
                      cluster.resolve(name + "/cluster-lock.json").toString())
                  .exitCode())
          .isZero();
    }
    return cluster;
  }

  @Test
  void definitionWithADuplicatePeerIdIsRefusedAndNotWritten() {
    final String alice = identity("alice");
    final String bob = identity("bob");
    final Path output = tmp.resolve("cluster-definition.json");
    final List<String> ops = operators(List.of(alice, bob, alice, identity("dave")));

    final Run run = dvc(definition(output, ops));

    assertOneLineFailure(
        run,
        output + ": $.operators[2].peer_id: duplicate operator: same peer_id as $.operators[0]");
    assertThat(output).doesNotExist();
  }

  @Test
  void definitionWithAnUnparsableMultiaddrNamesTheOperatorAndAddress() {
    final Path output = tmp.resolve("cluster-definition.json");
    final List<String> ops = operators(NAMES.stream().map(this::identity).toList());
    ops.set(1, ops.get(1).replaceAll("@.*", "@/ip4/300.1.2.3/tcp/3610"));

    final Run run = dvc(definition(output, ops));

    assertOneLineFailure(run, "--operator[1]", "'/ip4/300.1.2.3/tcp/3610' is not a multiaddr");
    assertThat(output).doesNotExist();
  }

  @Test
  void definitionWithThresholdAtMostHalfIsRefusedAndNotWritten() {
    final Path output = tmp.resolve("cluster-definition.json");
    final List<String> ops = operators(NAMES.stream().map(this::identity).toList());

    final Run run = dvc(definition(output, ops, "--threshold", "2"));

    assertOneLineFailure(
        run, output + ": $.threshold: threshold t=2 must be more than half of n=4 (t > n/2)");
    assertThat(output).doesNotExist();
  }

  @Test
  void definitionFileWithADuplicatePeerIdFailsVerification() throws Exception {
    final Path output = tmp.resolve("cluster-definition.json");
    final List<String> peerIds = NAMES.stream().map(this::identity).toList();
    assertThat(dvc(definition(output, operators(peerIds))).exitCode()).isZero();
    Files.writeString(output, Files.readString(output).replace(peerIds.get(3), peerIds.get(1)));

    final Run run = dvc("definition", "verify", output.toString());

    assertOneLineFailure(
        run,
        output + ": $.operators[3].peer_id: duplicate operator: same peer_id as $.operators[1]");
  }

  @Test
  void lockSignedWithAKeyNotInTheDefinitionIsRefusedAndTheLockUntouched() throws Exception {
    final Path cluster = signedCopies(0);
    final Path lock = cluster.resolve("alice/cluster-lock.json");
    final String before = Files.readString(lock);
    final String stranger = identity("stranger");

    final Run run =
        dvc(
            "lock",
            "sign",
            "--identity-key",
            tmp.resolve("stranger.key").toString(),
            lock.toString());

    assertOneLineFailure(
        run,
        lock
            + ": $.definition.operators: peer id "
            + stranger
            + " is not an operator of this lock");
    assertThat(Files.readString(lock)).isEqualTo(before);
  }

  @Test
  void mergeRefusesATamperedCopyByNameAndWritesNothing() throws Exception {
    final Path cluster = signedCopies(1);
    final Path other = tmp.resolve("other.json");
    Files.writeString(
        other,
        Files.readString(cluster.resolve("bob/cluster-lock.json"))
            .replace("\"num_validators\" : 2", "\"num_validators\" : 3"));
    final Path merged = tmp.resolve("merged.json");

    final Run run =
        dvc(
            "lock",
            "merge",
            "--output",
            merged.toString(),
            cluster.resolve("alice/cluster-lock.json").toString(),
            other.toString());

    assertOneLineFailure(run, other.toString());
    assertThat(merged).doesNotExist();
    assertThat(tmp).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void mergeOfCopiesFromTwoCeremoniesNamesTheLockHash() throws Exception {
    final Path first = signedCopies(1);
    final Path second = tmp.resolve("second");
    assertThat(
            dvc(
                    "create-cluster",
                    "--definition",
                    tmp.resolve("cluster-definition.json").toString(),
                    "--insecure-fast-kdf",
                    "--output",
                    second.toString())
                .exitCode())
        .isZero();
    final Path merged = tmp.resolve("merged.json");

    final Run run =
        dvc(
            "lock",
            "merge",
            "--output",
            merged.toString(),
            first.resolve("alice/cluster-lock.json").toString(),
            second.resolve("bob/cluster-lock.json").toString());

    assertOneLineFailure(
        run,
        second.resolve("bob/cluster-lock.json") + ": $.lock_hash: 0x",
        "(a lock of another cluster or ceremony)");
    assertThat(merged).doesNotExist();
  }

  @Test
  void runWhoseIdentityIsNotInTheLockFailsInOneLineBeforeWritingAnything() throws Exception {
    final Path cluster = signedCopies(4);
    final Path node = cluster.resolve("alice");
    final List<String> locks =
        NAMES.stream().map(n -> cluster.resolve(n + "/cluster-lock.json").toString()).toList();
    final List<String> merge =
        new ArrayList<>(
            List.of("lock", "merge", "--output", node.resolve("cluster-lock.json").toString()));
    merge.addAll(locks);
    assertThat(dvc(merge.toArray(String[]::new)).exitCode()).isZero();
    final String stranger = identity("stranger");
    Files.copy(tmp.resolve("stranger.key"), node.resolve("identity-key"));
    try (Stream<Path> files = Files.list(node)) {
      final List<Path> before = files.sorted().toList();

      final Run run =
          dvc(
              "run",
              "--data-dir",
              node.toString(),
              "--beacon-node-urls",
              "http://127.0.0.1:9",
              "--p2p-listen-addresses",
              "/ip4/127.0.0.1/tcp/0",
              "--health-port",
              "3621",
              "--metrics-port",
              "3620");

      assertOneLineFailure(
          run,
          "dvc run: " + node.resolve("identity-key") + ": peer id " + stranger,
          "is not an operator of " + node.resolve("cluster-lock.json"));
      try (Stream<Path> after = Files.list(node)) {
        assertThat(after.sorted().toList()).isEqualTo(before);
      }
    }
  }
}
