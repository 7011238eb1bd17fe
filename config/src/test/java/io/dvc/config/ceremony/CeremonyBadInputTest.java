package io.dvc.config.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.keystore.Eip2335Keystore;
import io.dvc.bls.keystore.KdfParams;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.cluster.Operator;
import io.dvc.config.testing.TestClusters;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad inputs of docs/cluster-files.md ("Bad inputs and their messages"): each is refused with
 * its one-line message, and a refused or failed ceremony leaves nothing behind.
 */
class CeremonyBadInputTest {
  @TempDir Path tmp;
  private final SecureRandom random = new SecureRandom();

  private CeremonyRequest request(
      final OptionalInt threshold, final KeySource keys, final OperatorSource operators) {
    return new CeremonyRequest(
        tmp.resolve("out"),
        "bad",
        Network.HOODI,
        operators,
        threshold,
        keys,
        TestClusters.WITHDRAWAL,
        WithdrawalType.ETH1_ADDRESS,
        TestClusters.FEE_RECIPIENT,
        32_000_000_000L,
        KdfChoice.INSECURE_FAST_PBKDF2);
  }

  private CeremonyRequest request(final int n, final OptionalInt threshold) {
    return request(threshold, new KeySource.RandomKeys(2), OperatorSource.Generate.named(n));
  }

  /** Runs the ceremony, expects a refusal, and checks that tmp holds only {@code kept}. */
  private String refusal(final CeremonyRequest request, final Path... kept) throws IOException {
    final Throwable thrown = catchThrowable(() -> new DealerCeremony(random).run(request));
    assertThat(thrown).isInstanceOfAny(CeremonyException.class, ClusterConfigException.class);
    assertThat(thrown.getMessage()).doesNotContain("\n");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).containsExactlyInAnyOrder(kept);
    }
    return thrown.getMessage();
  }

  private KeySource.KeystoreInput keystore(final String password, final String passwordInFile)
      throws IOException {
    final Path dir = Files.createDirectories(tmp.resolve("in"));
    final Eip2335Keystore keystore =
        Eip2335Keystore.encrypt(
            BlsSecretKey.random(random),
            password,
            "",
            new KdfParams.Pbkdf2(32, 16, new byte[32]),
            new byte[16],
            UUID.randomUUID(),
            "");
    final Path file = Files.writeString(dir.resolve("keystore-a.json"), keystore.toJson());
    return new KeySource.KeystoreInput(
        file, Files.writeString(dir.resolve("keystore-a.txt"), passwordInFile + "\n"));
  }

  @Test
  void thresholdAboveN() throws IOException {
    assertThat(refusal(request(4, OptionalInt.of(5))))
        .isEqualTo(
            "create-cluster request: $.threshold: threshold t=5 exceeds the number of operators n=4");
  }

  @Test
  void thresholdAtMostHalfOfN() throws IOException {
    assertThat(refusal(request(4, OptionalInt.of(2))))
        .isEqualTo(
            "create-cluster request: $.threshold: threshold t=2 must be more than half of n=4 (t > n/2)");
  }

  @Test
  void duplicateOperatorName() throws IOException {
    final OperatorSource ops =
        new OperatorSource.Generate(
            List.of(
                new OperatorSource.OperatorSpec("a", List.of()),
                new OperatorSource.OperatorSpec("b", List.of()),
                new OperatorSource.OperatorSpec("a", List.of())));
    assertThat(refusal(request(OptionalInt.empty(), new KeySource.RandomKeys(1), ops)))
        .isEqualTo(
            "create-cluster request: $.operators[2].name: duplicate operator: same name as $.operators[0]");
  }

  @Test
  void duplicateOperatorPeerId() throws IOException {
    final NodeKey key = NodeKey.generate(random);
    final OperatorSource ops =
        new OperatorSource.BringOwn(
            List.of(
                new Operator("a", key.peerId(), List.of()),
                new Operator("b", NodeKey.generate(random).peerId(), List.of()),
                new Operator("c", key.peerId(), List.of())));
    assertThat(refusal(request(OptionalInt.empty(), new KeySource.RandomKeys(1), ops)))
        .isEqualTo(
            "create-cluster request: $.operators[2].peer_id: duplicate operator: same peer_id as $.operators[0]");
  }

  @Test
  void wrongPassword() throws IOException {
    final KeySource.KeystoreInput input = keystore("right", "wrong");
    assertThat(
            refusal(
                request(
                    OptionalInt.empty(),
                    new KeySource.Keystores(List.of(input)),
                    OperatorSource.Generate.named(4)),
                tmp.resolve("in")))
        .isEqualTo(
            "keystore "
                + input.keystore()
                + ": wrong password or corrupted keystore (checksum mismatch)");
  }

  @Test
  void corruptKeystore() throws IOException {
    final KeySource.KeystoreInput input = keystore("pw", "pw");
    Files.writeString(
        input.keystore(), Files.readString(input.keystore()).replace("\"cipher\"", "\"cypher\""));
    assertThat(
            refusal(
                request(
                    OptionalInt.empty(),
                    new KeySource.Keystores(List.of(input)),
                    OperatorSource.Generate.named(4)),
                tmp.resolve("in")))
        .startsWith("keystore " + input.keystore() + ": ");
  }

  @Test
  void missingPasswordFile() throws IOException {
    final KeySource.KeystoreInput input = keystore("pw", "pw");
    Files.delete(input.passwordFile());
    assertThat(
            refusal(
                request(
                    OptionalInt.empty(),
                    new KeySource.Keystores(List.of(input)),
                    OperatorSource.Generate.named(4)),
                tmp.resolve("in")))
        .isEqualTo(
            "password file "
                + input.passwordFile()
                + " of keystore "
                + input.keystore()
                + " is missing");
  }

  @Test
  void invalidMnemonic() throws IOException {
    final KeySource bad = new KeySource.GivenMnemonic("abandon ".repeat(23) + "zoo", 0, 1);
    assertThat(refusal(request(OptionalInt.empty(), bad, OperatorSource.Generate.named(4))))
        .isEqualTo("mnemonic: not a valid BIP-39 English mnemonic (unknown word or bad checksum)");
  }

  @Test
  void zeroWithdrawalAddress() throws IOException {
    final CeremonyRequest r = request(4, OptionalInt.empty());
    final CeremonyRequest zero =
        new CeremonyRequest(
            r.outputDirectory(),
            r.clusterName(),
            r.network(),
            r.operators(),
            r.threshold(),
            r.keys(),
            Bytes.zero(20),
            r.withdrawalType(),
            r.feeRecipient(),
            r.depositAmountGwei(),
            r.kdf());
    assertThat(refusal(zero))
        .isEqualTo(
            "create-cluster request: $.withdrawal_address: is the zero address (funds would be burnt)");
  }

  @Test
  void depositAmountAboveTheLimitOfItsWithdrawalType() throws IOException {
    final CeremonyRequest r = request(4, OptionalInt.empty());
    final CeremonyRequest big =
        new CeremonyRequest(
            r.outputDirectory(),
            r.clusterName(),
            r.network(),
            r.operators(),
            r.threshold(),
            r.keys(),
            r.withdrawalAddress(),
            WithdrawalType.ETH1_ADDRESS,
            r.feeRecipient(),
            33_000_000_000L,
            r.kdf());
    assertThat(refusal(big))
        .isEqualTo(
            "create-cluster request: $.deposit_amount_gwei: 33000000000 Gwei is outside 1000000000..32000000000 for withdrawal type 0x01");
  }

  @Test
  void outputNotEmpty() throws IOException {
    final Path out = Files.createDirectory(tmp.resolve("out"));
    final Path inside = Files.writeString(out.resolve("keep.txt"), "mine");
    assertThat(refusal(request(4, OptionalInt.empty()), out))
        .isEqualTo(out + ": already exists and is not empty");
    assertThat(Files.readString(inside)).isEqualTo("mine");
  }

  @Test
  void unwritableOutput() {
    final Path out = Path.of("/proc/dvc-test-cluster");
    final Throwable thrown =
        catchThrowable(
            () ->
                new DealerCeremony(random)
                    .run(
                        new CeremonyRequest(
                            out,
                            "x",
                            Network.HOODI,
                            OperatorSource.Generate.named(4),
                            OptionalInt.empty(),
                            new KeySource.RandomKeys(1),
                            TestClusters.WITHDRAWAL,
                            WithdrawalType.ETH1_ADDRESS,
                            TestClusters.FEE_RECIPIENT,
                            32_000_000_000L,
                            KdfChoice.INSECURE_FAST_PBKDF2)));
    assertThat(thrown).isInstanceOf(CeremonyException.class);
    assertThat(thrown.getMessage())
        .satisfiesAnyOf(
            m -> assertThat(m).isEqualTo(out + ": parent directory /proc is not writable"),
            m ->
                assertThat(m)
                    .startsWith(out + ": cannot create a temporary directory beside it ("));
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void outputParentMissing() throws IOException {
    final Path out = tmp.resolve("no/such/dir");
    assertThat(
            refusal(
                new CeremonyRequest(
                    out,
                    "x",
                    Network.HOODI,
                    OperatorSource.Generate.named(4),
                    OptionalInt.empty(),
                    new KeySource.RandomKeys(1),
                    TestClusters.WITHDRAWAL,
                    WithdrawalType.ETH1_ADDRESS,
                    TestClusters.FEE_RECIPIENT,
                    32_000_000_000L,
                    KdfChoice.INSECURE_FAST_PBKDF2)))
        .isEqualTo(out + ": parent directory does not exist");
  }

  @Test
  void failedVerificationAfterWritingLeavesNothingBehind() throws IOException {
    final DealerCeremony ceremony =
        new DealerCeremony(
            random,
            temp -> {
              try {
                Files.writeString(
                    temp.resolve("operator-2/validator_keys/keystore-1.txt"), "tampered");
              } catch (final IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    final Throwable thrown = catchThrowable(() -> ceremony.run(request(4, OptionalInt.empty())));
    assertThat(thrown).isInstanceOf(CeremonyException.class);
    assertThat(thrown.getMessage())
        .startsWith("verification of the written cluster failed: keystore ")
        .contains(
            "operator-2/validator_keys/keystore-1.json: wrong password or corrupted keystore");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void emptyOutputDirectoryIsReplaced() throws IOException {
    final Path out = Files.createDirectory(tmp.resolve("out"));
    final CeremonyResult result = new DealerCeremony(random).run(request(4, OptionalInt.empty()));
    assertThat(result.outputDirectory()).isEqualTo(out);
    assertThat(out.resolve("operator-4/cluster-lock.json")).isRegularFile();
  }
}
