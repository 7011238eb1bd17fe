package io.dvc.node.duties.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.node.testing.SimulatedCluster;
import io.dvc.spec.types.ValidatorRegistrationV1;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Builder registrations through the pipeline of a 4-operator cluster (t = 3) on manual time: the
 * fake beacon nodes check every registration's signature under the builder domain.
 */
class RegistrationClusterTest {
  private static final long FIRST = 8; // epoch 1 of the minimal preset
  private static final int VALIDATORS = 8;

  @Test
  void everyValidatorIsRegisteredEveryEpochButSignedOnlyOnce() {
    final SimulatedCluster cluster = SimulatedCluster.builder().registrations().build();
    cluster.start(FIRST);
    cluster.runUntilSlot(32); // epochs 1, 2 and 3

    final Map<Long, Set<Long>> registered = cluster.chain().operations().registeredByEpoch();
    final Set<Long> all = LongStream.range(0, VALIDATORS).boxed().collect(Collectors.toSet());
    assertThat(registered.keySet()).containsExactly(1L, 2L, 3L);
    registered.forEach(
        (epoch, validators) ->
            assertThat(validators).as("validators registered in epoch %d", epoch).isEqualTo(all));
    assertThat(cluster.chain().operations().invalidRegistrations()).isZero();
    for (final int op : cluster.operators()) {
      final List<DutyOutcome> outcomes = cluster.outcomes(op, DutyType.BUILDER_REGISTRATION);
      assertThat(outcomes).as("operator %d signs each registration once", op).hasSize(VALIDATORS);
      assertThat(outcomes).allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
      assertThat(outcomes).allSatisfy(o -> assertThat(o.duty().slot()).isEqualTo(FIRST));
    }
  }

  @Test
  void theRegisteredMessageIsTheLocksFeeRecipientTheGasLimitAndThePeriodStart() {
    final SimulatedCluster cluster = SimulatedCluster.builder().registrations().build();
    cluster.start(FIRST);
    cluster.runUntilSlot(FIRST + 2);
    final List<ValidatorRegistrationV1> sent = cluster.chain().operations().lastRegistrations();
    assertThat(sent).hasSize(VALIDATORS);
    assertThat(sent)
        .allSatisfy(
            r -> {
              assertThat(r.feeRecipient()).isEqualTo(SimulatedCluster.FEE_RECIPIENT);
              assertThat(r.gasLimit()).isEqualTo(SimulatedCluster.GAS_LIMIT);
              assertThat(r.timestamp()).isEqualTo(cluster.schedule().genesisTime());
            });
  }

  @Test
  void withTwoOperatorsDownNothingIsRegistered() {
    final SimulatedCluster cluster = SimulatedCluster.builder().registrations().build();
    cluster.crash(3);
    cluster.crash(4);
    cluster.start(FIRST);
    cluster.runUntilSlot(FIRST + 4);
    assertThat(cluster.chain().operations().registeredByEpoch()).isEmpty();
    assertThat(cluster.outcomes(1, DutyType.BUILDER_REGISTRATION))
        .hasSize(VALIDATORS)
        .allSatisfy(
            o ->
                assertThat(o.failure())
                    .hasValueSatisfying(
                        r -> assertThat(r.label()).isEqualTo("insufficient_partial_signatures")));
  }
}
