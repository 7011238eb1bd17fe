package io.dvc.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.Bls;
import io.dvc.bls.SignatureSet;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files: a cluster-definition.json, cluster-lock.json and deposit-data.json (hoodi, 4
 * operators, 2 validators; the examples of docs/cluster-files.md) must keep parsing, verifying and
 * re-serialising byte for byte; a deposit-data file written by staking-deposit-cli 2.7.0 must be
 * read and reproduced field for field by our launchpad writer.
 */
class GoldenFilesTest {
  @TempDir Path tmp;

  static String resource(final String name) throws IOException {
    try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void definitionParsesValidatesAndRoundTripsByteForByte() throws IOException {
    final String text = resource("cluster-definition.json");
    final ClusterDefinition d = ClusterJson.parseDefinition(text, "cluster-definition.json");

    assertThat(DefinitionValidator.validate(d, "cluster-definition.json", "$")).isEmpty();
    assertThat(d.name()).isEqualTo("golden-example");
    assertThat(d.network()).isEqualTo(Network.HOODI);
    assertThat(d.operators())
        .extracting(Operator::name)
        .containsExactly("alice", "bob", "carol", "dave");
    assertThat(d.operators().get(0).addresses()).hasSize(2);
    assertThat(d.operators().get(2).addresses().get(0).toString())
        .isEqualTo("/ip6/2001:db8::3/tcp/3610");
    assertThat(d.threshold()).isEqualTo(3);
    assertThat(d.numValidators()).isEqualTo(2);
    assertThat(d.withdrawalType()).isEqualTo(WithdrawalType.ETH1_ADDRESS);
    assertThat(d.withdrawalCredentials())
        .isEqualTo(
            Bytes.fromHex("0x0100000000000000000000001111111111111111111111111111111111111111"));
    assertThat(d.depositAmountGwei()).isEqualTo(32_000_000_000L);
    assertThat(ClusterJson.writeDefinition(d)).isEqualTo(text);
  }

  @Test
  void lockVerifiesAndRoundTripsByteForByte() throws IOException {
    final String text = resource("cluster-lock.json");
    final Path file = Files.writeString(tmp.resolve("cluster-lock.json"), text);

    final ClusterLockVerifier.Verified verified = ClusterFiles.loadLock(file);

    assertThat(verified.warnings()).isEmpty();
    assertThat(ClusterJson.writeLock(verified.lock())).isEqualTo(text);
    assertThat(verified.lock().definition())
        .isEqualTo(ClusterJson.parseDefinition(resource("cluster-definition.json"), "def"));
    assertThat(verified.lock().lockHash()).isEqualTo(LockHashCalculator.lockHash(verified.lock()));
  }

  @Test
  void depositDataMatchesTheLock() throws IOException {
    final Path lockFile =
        Files.writeString(tmp.resolve("cluster-lock.json"), resource("cluster-lock.json"));
    final Path deposits =
        Files.writeString(tmp.resolve("deposit-data.json"), resource("deposit-data.json"));
    final ClusterLock lock = ClusterFiles.loadLock(lockFile).lock();

    DepositDataFile.verifyAgainst(deposits, lock);
    assertThat(DepositDataFile.write(lock)).isEqualTo(resource("deposit-data.json"));
  }

  @Test
  void stakingDepositCliOutputIsReadAndReproducedFieldForField() throws IOException {
    final String text = resource("deposit-cli-2.7.0-custom.json");
    final Network custom = Network.custom("0x20000089");

    final List<DepositDataFile.Entry> entries = DepositDataFile.parse(text, "deposit-cli", custom);

    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).depositCliVersion()).isEqualTo("2.7.0");
    final SignatureSet set =
        Deposits.signatureSet(entries.get(0).depositData(), custom.genesisForkVersion());
    assertThat(Bls.verify(set.publicKey(), set.message(), set.signature())).isTrue();
    final JsonNode ours =
        ClusterJson.MAPPER.readTree(
            DepositDataFile.write(List.of(entries.get(0).depositData()), custom));
    assertThat(ours).isEqualTo(ClusterJson.MAPPER.readTree(text));
  }

  @Test
  void stakingDepositCliSignatureDoesNotVerifyOnAnotherNetwork() throws IOException {
    final Network custom = Network.custom("0x20000089");
    final DepositDataFile.Entry entry =
        DepositDataFile.parse(resource("deposit-cli-2.7.0-custom.json"), "deposit-cli", custom)
            .get(0);

    final SignatureSet set =
        Deposits.signatureSet(entry.depositData(), Network.HOODI.genesisForkVersion());

    assertThat(Bls.verify(set.publicKey(), set.message(), set.signature())).isFalse();
  }
}
