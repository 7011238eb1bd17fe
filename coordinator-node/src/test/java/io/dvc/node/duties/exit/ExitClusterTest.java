package io.dvc.node.duties.exit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.duty.DutyType;
import io.dvc.node.testing.ClusterKeys;
import io.dvc.node.testing.SimulatedCluster;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedVoluntaryExit;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Voluntary exits through the pipeline of a 4-operator cluster (t = 3) on manual time: one operator
 * asks, every node checks the signed request and signs; the fake beacon nodes check the combined
 * exit under the EIP-7044 domain. Bad requests are refused with one line and nothing is signed.
 */
class ExitClusterTest {
  private static final long FIRST = 8; // epoch 1 of the minimal preset
  private static final long VALIDATOR = 3;

  private static SimulatedCluster started(final Set<Integer> refusing) {
    final SimulatedCluster cluster = SimulatedCluster.builder().exits(0, refusing).build();
    cluster.start(FIRST);
    cluster.runUntilSlot(FIRST + 1); // now in slot 8, epoch 1
    return cluster;
  }

  private static ExitRequest request(
      final SimulatedCluster cluster,
      final Bytes pubkey,
      final long epoch,
      final int operator,
      final NodeKey key) {
    return ExitRequest.signed(
        cluster.schedule().genesisValidatorsRoot(), pubkey, epoch, FIRST + 2, operator, key);
  }

  private static Bytes pubkeyOf(final SimulatedCluster cluster, final long validator) {
    return Bytes.of(cluster.chain().validators().get((int) validator).toBytes());
  }

  /** Hands a request to an operator's node on its workflow thread; the refusal, if any. */
  private static Optional<String> ask(
      final SimulatedCluster cluster, final int operator, final ExitRequest request) {
    final AtomicReference<Optional<String>> result = new AtomicReference<>();
    cluster
        .world()
        .loop(operator)
        .execute(() -> result.set(cluster.exitPlugin(operator).requestLocally(request)));
    cluster.world().runNow();
    return result.get();
  }

  private static void assertNothingSigned(final SimulatedCluster cluster) {
    cluster.runUntilSlot(FIRST + 8);
    for (final int op : cluster.operators()) {
      assertThat(cluster.outcomes(op, DutyType.VOLUNTARY_EXIT)).as("operator %d", op).isEmpty();
      assertThat(cluster.exitPlugin(op).status(VALIDATOR)).isEmpty();
    }
    assertThat(cluster.chain().operations().exitSubmissions()).isZero();
  }

  @Test
  void anExitAskedForByOneOperatorIsSignedByAllAndAcceptedWithTheCapellaDomain() {
    final SimulatedCluster cluster = started(Set.of());
    final Optional<String> refusal =
        ask(cluster, 1, request(cluster, pubkeyOf(cluster, VALIDATOR), 1, 1, cluster.nodeKey(1)));
    assertThat(refusal).isEmpty();
    cluster.runUntilSlot(FIRST + 6);

    final SignedVoluntaryExit exit = cluster.chain().operations().exits().get(VALIDATOR);
    assertThat(exit).as("the beacon node's pool holds the exit").isNotNull();
    assertThat(exit.message().epoch()).isEqualTo(1);
    assertThat(cluster.chain().operations().exits()).containsOnlyKeys(VALIDATOR);
    assertThat(cluster.chain().operations().invalidExits()).isZero();
    assertThat(cluster.chain().operations().exitSubmissions()).isEqualTo(4);
    for (final int op : cluster.operators()) {
      assertThat(cluster.outcomes(op, DutyType.VOLUNTARY_EXIT))
          .as("operator %d", op)
          .singleElement()
          .satisfies(o -> assertThat(o.succeeded()).isTrue());
      final ExitStatus status = cluster.exitPlugin(op).status(VALIDATOR).orElseThrow();
      assertThat(status.state()).isEqualTo("accepted");
      assertThat(status.signed()).contains(exit);
    }
  }

  @Test
  void anOperatorThatDoesNotAllowExitsSignsNothingAndTheOthersStillReachThreshold() {
    final SimulatedCluster cluster = started(Set.of(4));
    assertThat(
            ask(
                cluster,
                1,
                request(cluster, pubkeyOf(cluster, VALIDATOR), 1, 1, cluster.nodeKey(1))))
        .isEmpty();
    cluster.runUntilSlot(FIRST + 6);
    assertThat(cluster.chain().operations().exits()).containsOnlyKeys(VALIDATOR);
    assertThat(cluster.exitPlugin(4).status(VALIDATOR)).as("operator 4 refused").isEmpty();
    assertThat(cluster.outcomes(4, DutyType.VOLUNTARY_EXIT)).isEmpty();
  }

  @Test
  void anExitOfAValidatorNotInTheLockIsRefusedWithOneLine() {
    final SimulatedCluster cluster = started(Set.of());
    final Bytes stranger = Bytes.of(ClusterKeys.unrelatedKey(99, 0).publicKey().toBytes());
    final Optional<String> refusal =
        ask(cluster, 1, request(cluster, stranger, 1, 1, cluster.nodeKey(1)));
    assertThat(refusal)
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("is not a validator of this cluster's lock")
                    .doesNotContain("\n"));
    assertNothingSigned(cluster);
  }

  @Test
  void anExitEpochBeyondWhatTheNodeAllowsIsRefusedWithOneLine() {
    final SimulatedCluster cluster = started(Set.of());
    final Optional<String> refusal =
        ask(cluster, 1, request(cluster, pubkeyOf(cluster, VALIDATOR), 2, 1, cluster.nodeKey(1)));
    assertThat(refusal)
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .isEqualTo(
                        "exit epoch 2 is beyond what this node allows (current epoch 1, at most 0"
                            + " ahead: --exit-max-future-epochs)"));
    assertNothingSigned(cluster);
  }

  @Test
  void aRequestForgedByANonOperatorIsRefusedLocallyAndByThePeersItIsRelayedTo() {
    final SimulatedCluster cluster = started(Set.of());
    final NodeKey outsider = NodeKey.generate(new SecureRandom());
    final ExitRequest forged = request(cluster, pubkeyOf(cluster, VALIDATOR), 1, 1, outsider);
    assertThat(ask(cluster, 1, forged))
        .hasValueSatisfying(
            r ->
                assertThat(r).startsWith("the request is not signed by operator 1's identity key"));
    // A (malicious) operator relays it anyway: the others check the signature themselves.
    for (final int to : Set.of(2, 3, 4)) {
      cluster.world().messaging(1).send(to, ExitPlugin.PROTOCOL, forged.toBytes());
    }
    // And one claiming to come from an operator index the lock does not have.
    cluster
        .world()
        .messaging(1)
        .send(
            2,
            ExitPlugin.PROTOCOL,
            request(cluster, pubkeyOf(cluster, VALIDATOR), 1, 9, outsider).toBytes());
    assertNothingSigned(cluster);
  }

  @Test
  void aTamperedRequestNoLongerVerifies() {
    final SimulatedCluster cluster = started(Set.of());
    final ExitRequest good =
        request(cluster, pubkeyOf(cluster, VALIDATOR), 1, 1, cluster.nodeKey(1));
    final ExitRequest otherValidator =
        new ExitRequest(
            good.genesisValidatorsRoot(),
            pubkeyOf(cluster, 5),
            good.epoch(),
            good.slot(),
            good.operator(),
            good.signature());
    assertThat(ask(cluster, 2, otherValidator)).isPresent();
    assertNothingSigned(cluster);
  }
}
