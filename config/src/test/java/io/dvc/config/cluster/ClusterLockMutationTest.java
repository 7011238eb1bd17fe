package io.dvc.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.testing.JsonMutations;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Mutation tests on the golden lock: every leaf changed, every field and array element removed, and
 * 300 random single-byte changes must each make verification fail with a one-line {@link
 * ClusterConfigException} naming the file and a JSON path.
 */
class ClusterLockMutationTest {
  private static final String FILE = "golden/cluster-lock.json";
  private static final String OTHER_PEER = NodeKey.generate(new SecureRandom()).peerId().toBase58();

  private static String mutateText(final String text) {
    if (text.startsWith("16Uiu2")) {
      return OTHER_PEER;
    }
    if (text.startsWith("/")) {
      return text.replace("3610", "3611");
    }
    if (text.equals("hoodi")) {
      return "sepolia";
    }
    return text + "x";
  }

  private static void assertRejected(final String text) {
    final Throwable thrown =
        catchThrowable(() -> ClusterLockVerifier.verify(ClusterJson.parseLock(text, FILE), FILE));
    assertThat(thrown).isInstanceOf(ClusterConfigException.class);
    assertThat(thrown.getMessage()).startsWith(FILE + ": $").doesNotContain("\n");
  }

  @TestFactory
  Stream<DynamicTest> everyFieldChangeOrRemovalIsRejected() throws IOException {
    final List<JsonMutations.Mutation> mutations =
        JsonMutations.leafAndStructureMutations(
            GoldenFilesTest.resource("cluster-lock.json"), ClusterLockMutationTest::mutateText);
    assertThat(mutations).hasSizeGreaterThan(100);
    return mutations.stream()
        .map(m -> DynamicTest.dynamicTest(m.toString(), () -> assertRejected(m.text())));
  }

  @TestFactory
  Stream<DynamicTest> everySampledByteChangeIsRejected() throws IOException {
    return JsonMutations.byteMutations(GoldenFilesTest.resource("cluster-lock.json"), 300, 7L)
        .stream()
        .map(m -> DynamicTest.dynamicTest(m.toString(), () -> assertRejected(m.text())));
  }

  private static ClusterConfigException rejection(final String path, final String change)
      throws IOException {
    final JsonMutations.Mutation mutation =
        JsonMutations.leafAndStructureMutations(
                GoldenFilesTest.resource("cluster-lock.json"), ClusterLockMutationTest::mutateText)
            .stream()
            .filter(m -> m.path().equals(path) && m.change().startsWith(change))
            .findFirst()
            .orElseThrow();
    return (ClusterConfigException)
        catchThrowable(
            () -> ClusterLockVerifier.verify(ClusterJson.parseLock(mutation.text(), FILE), FILE));
  }

  @Test
  void changedPublicShareIsNamedAndComparedWithTheCommitments() throws IOException {
    final ClusterConfigException e = rejection("$.distributed_validators[1].public_shares[2]", "'");
    assertThat(e.jsonPath()).isIn("$.distributed_validators[1].public_shares[2]");
    assertThat(e.reason())
        .isIn(
            "does not match the Feldman commitments (share index 3)",
            "is not a valid BLS12-381 G1 public key");
  }

  @Test
  void changedNameBreaksTheLockHash() throws IOException {
    final ClusterConfigException e = rejection("$.definition.name", "'");
    assertThat(e.jsonPath()).isEqualTo("$.lock_hash");
    assertThat(e.reason()).startsWith("does not match the lock content (computed 0x");
  }

  @Test
  void changedLockHashBreaksTheLockHash() throws IOException {
    assertThat(rejection("$.lock_hash", "'").jsonPath()).isEqualTo("$.lock_hash");
  }

  @Test
  void changedOperatorSignatureIsNamed() throws IOException {
    final ClusterConfigException e = rejection("$.operator_signatures[3]", "'");
    assertThat(e.jsonPath()).isEqualTo("$.operator_signatures[3]");
    assertThat(e.reason()).startsWith("not a valid signature of the lock hash by operator 'dave'");
  }

  @Test
  void removedOperatorSignatureIsCounted() throws IOException {
    final ClusterConfigException e = rejection("$.operator_signatures[0]", "element removed");
    assertThat(e.getMessage())
        .isEqualTo(FILE + ": $.operator_signatures: has 3 entries for 4 operators");
  }

  @Test
  void changedAggregateSignatureIsNamed() throws IOException {
    assertThat(rejection("$.aggregate_signature", "'").jsonPath())
        .isEqualTo("$.aggregate_signature");
  }

  @Test
  void changedDepositSignatureIsNamed() throws IOException {
    final ClusterConfigException e =
        rejection("$.distributed_validators[0].deposit_data.signature", "'");
    assertThat(e.jsonPath()).isEqualTo("$.distributed_validators[0].deposit_data.signature");
  }

  @Test
  void changedDepositAmountIsNamed() throws IOException {
    final ClusterConfigException e =
        rejection("$.distributed_validators[1].deposit_data.amount", "number");
    assertThat(e.getMessage())
        .isEqualTo(
            FILE
                + ": $.distributed_validators[1].deposit_data.amount: 32000000001 differs from $.definition.deposit_amount_gwei 32000000000");
  }

  @Test
  void changedThresholdIsCheckedAgainstTheCommitments() throws IOException {
    final ClusterConfigException e = rejection("$.definition.threshold", "number");
    assertThat(e.getMessage())
        .isEqualTo(
            FILE
                + ": $.distributed_validators[0].feldman_commitments: has 3 commitments for threshold 4");
  }

  @Test
  void unknownFieldIsNamed() throws IOException {
    final String text =
        GoldenFilesTest.resource("cluster-lock.json")
            .replaceFirst("\"lock_hash\"", "\"extra\" : 1,\n  \"lock_hash\"");
    assertThatThrownBy(() -> ClusterJson.parseLock(text, FILE))
        .hasMessage(FILE + ": $.extra: unknown field");
  }
}
