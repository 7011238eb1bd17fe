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
      // spread over the epoch: the i-th validator (by index) at the epoch's i-th slot
      assertThat(outcomes)
          .allSatisfy(
              o -> assertThat(o.duty().slot()).isEqualTo(FIRST + o.duty().validatorIndex() % 8));
    }
  }

  @Test
  void aSlotsRegistrationsAreSignedAfterItsAttestationsAndAggregation() {
    final SimulatedCluster cluster = SimulatedCluster.builder().registrations().build();
    cluster.start(FIRST);
    final long slotStart = cluster.clock().slotStartMillis(FIRST);
    final long millisPerSlot = cluster.clock().millisPerSlot();

    // up to just before five sixths of the slot: the attestations (1/3) and the aggregation (2/3)
    // have the machine to themselves
    cluster.world().runUntil(slotStart + millisPerSlot * 5 / 6 - 1);
    assertThat(cluster.chain().operations().registeredByEpoch()).isEmpty();
    assertThat(cluster.outcomes(1, DutyType.BUILDER_REGISTRATION)).isEmpty();

    cluster.runUntilSlot(FIRST + 1);
    assertThat(cluster.chain().operations().registeredByEpoch().get(1L)).containsExactly(0L);
  }

  @Test
  void moreValidatorsThanSlotsTakeTheSlotsInTurn() {
    final SimulatedCluster cluster =
        SimulatedCluster.builder().validators(20).registrations().build();
    cluster.start(FIRST);
    cluster.runUntilSlot(FIRST + 10);

    final Map<Long, Long> perSlot =
        cluster.outcomes(1, DutyType.BUILDER_REGISTRATION).stream()
            .peek(o -> assertThat(o.succeeded()).as(o.toString()).isTrue())
            .collect(Collectors.groupingBy(o -> o.duty().slot(), Collectors.counting()));
    // 20 validators over 8 slots: 3, 3, 3, 3, 2, 2, 2, 2
    assertThat(perSlot)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(8L, 3L, 9L, 3L, 10L, 3L, 11L, 3L, 12L, 2L, 13L, 2L, 14L, 2L, 15L, 2L));
    assertThat(cluster.chain().operations().registeredByEpoch().get(1L)).hasSize(20);
  }

  @Test
  void theRegisteredMessageIsTheLocksFeeRecipientTheGasLimitAndThePeriodStart() {
    final SimulatedCluster cluster = SimulatedCluster.builder().registrations().build();
    cluster.start(FIRST);
    cluster.runUntilSlot(FIRST + 10); // the held registrations are re-sent at epoch 2's start
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
    cluster.runUntilSlot(FIRST + 10); // every turn of epoch 1 past its deadline (slot + 2)
    assertThat(cluster.chain().operations().registeredByEpoch()).isEmpty();
    assertThat(cluster.outcomes(1, DutyType.BUILDER_REGISTRATION))
        .filteredOn(o -> o.duty().slot() < FIRST + 8)
        .hasSize(VALIDATORS)
        .allSatisfy(
            o ->
                assertThat(o.failure())
                    .hasValueSatisfying(
                        r -> assertThat(r.label()).isEqualTo("insufficient_partial_signatures")));
  }

  @Test
  void aNodeThatMissedTheRegistrationsGetsThemAtTheNextRefresh() {
    // Operator 4 joins in epoch 2, after the others combined and hold every registration: they do
    // not sign again until the refresh epoch (8), where all four sign and operator 4 combines too.
    final SimulatedCluster cluster = SimulatedCluster.builder().registrations().build();
    cluster.start(FIRST, Set.of(4));
    cluster.runUntilSlot(16);
    cluster.startLate(4, 16);
    final long refresh = RegistrationPlugin.REFRESH_EPOCHS * 8;
    cluster.runUntilSlot(refresh + 10);

    final List<DutyOutcome> late = cluster.outcomes(4, DutyType.BUILDER_REGISTRATION);
    assertThat(late)
        .filteredOn(o -> o.duty().slot() < 24)
        .hasSize(VALIDATORS)
        .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isFalse());
    assertThat(late)
        .filteredOn(o -> o.duty().slot() >= refresh && o.duty().slot() < refresh + 8)
        .hasSize(VALIDATORS)
        .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    assertThat(cluster.chain().operations().invalidRegistrations()).isZero();
  }
}
