package io.dvc.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.beacon.api.AttestationReward;
import io.dvc.node.beacon.api.BlockHeaderInfo;
import io.dvc.node.beacon.api.GetBlockHeader;
import io.dvc.node.beacon.api.GetProposerDuties;
import io.dvc.node.beacon.api.PostAttestationRewards;
import io.dvc.node.beacon.api.PostSyncCommitteeRewards;
import io.dvc.node.beacon.api.ProposerDuties;
import io.dvc.node.beacon.api.ProposerDuty;
import io.dvc.node.beacon.api.SyncCommitteeReward;
import io.dvc.spec.ssz.Bytes;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ChainMonitorTest {
  private static final List<Long> VALIDATORS = List.of(0L, 1L, 2L, 3L);
  private final AtomicInteger rewardCalls = new AtomicInteger();
  private volatile boolean rewardsAvailable = true;
  private final List<String> counted = new ArrayList<>();

  private final StubBeacon beacon =
      new StubBeacon()
          .on(
              PostAttestationRewards.class,
              r -> {
                rewardCalls.incrementAndGet();
                if (!rewardsAvailable) {
                  throw new IllegalStateException("not yet");
                }
                return List.of(
                    new AttestationReward(0, 10, 20, 10),
                    new AttestationReward(1, 10, 20, 10),
                    new AttestationReward(2, 0, -20, -10),
                    new AttestationReward(3, 0, 20, 10));
              })
          .on(
              GetProposerDuties.class,
              r ->
                  new ProposerDuties(
                      Bytes.zero(32),
                      List.of(
                          new ProposerDuty(Bytes.zero(48), 1, 40),
                          new ProposerDuty(Bytes.zero(48), 99, 41),
                          new ProposerDuty(Bytes.zero(48), 3, 42))))
          .on(
              GetBlockHeader.class,
              r ->
                  r.form().path().endsWith("/40")
                      ? Optional.of(new BlockHeaderInfo(40, 1, Bytes.zero(32)))
                      : Optional.<BlockHeaderInfo>empty());

  private ChainMonitor monitor(final int alertAfter) {
    final MonitorMetrics metrics = new MonitorMetrics(new PrometheusRegistry());
    return new ChainMonitor(
        beacon,
        VALIDATORS,
        32,
        new LivenessTracker(new MonitorConfig(alertAfter, 0.9), VALIDATORS),
        metrics,
        Optional.empty(),
        new AlertLog(LoggerFactory.getLogger(ChainMonitorTest.class), counted::add),
        LoggerFactory.getLogger(ChainMonitorTest.class));
  }

  @Test
  void readsFlagsAndProposalsOfAnEpochFromTheChain() {
    final ChainMonitor monitor = monitor(1);
    final EpochObservation observed = monitor.check(1).join();
    assertThat(observed.attestations())
        .extracting(AttestationCheck::result)
        .containsExactly("correct", "correct", "missed", "wrong_head");
    assertThat(observed.proposals())
        .containsExactly(new ProposalCheck(40, 1, true), new ProposalCheck(42, 3, false));
    assertThat(counted)
        .containsExactly("missed_attestations", "low_effectiveness", "missed_proposal");
    assertThat(monitor.toJson().get("missing_validators").get(0).get("validator_index").asLong())
        .isEqualTo(2);
  }

  @Test
  void checksThePreviousEpochFromItsSuccessorsThirdSlotOnce() {
    final ChainMonitor monitor = monitor(2);
    monitor.onSlot(32).join();
    monitor.onSlot(33).join();
    assertThat(rewardCalls).hasValue(0);
    monitor.onSlot(34).join();
    monitor.onSlot(35).join();
    assertThat(rewardCalls).hasValue(1);
    assertThat(beacon.asked.get(0).form().path())
        .isEqualTo("/eth/v1/beacon/rewards/attestations/0");
  }

  @Test
  void retriesEachSlotUntilTheBeaconNodeAnswers() {
    final ChainMonitor monitor = monitor(2);
    rewardsAvailable = false;
    monitor.onSlot(66).join();
    monitor.onSlot(67).join();
    rewardsAvailable = true;
    monitor.onSlot(68).join();
    monitor.onSlot(69).join();
    assertThat(rewardCalls).hasValue(3);
  }

  private long syncRewardCalls() {
    return beacon.asked.stream().filter(PostSyncCommitteeRewards.class::isInstance).count();
  }

  @Test
  void readsSyncParticipationFromEachBlockOfTheEpochSkippingEmptySlots() {
    // epoch 1 = slots 32..63; slot 32 is empty; validator 3's messages are in no block
    beacon.on(
        PostSyncCommitteeRewards.class,
        r ->
            r.slot() == 32
                ? Optional.empty()
                : Optional.of(
                    List.of(new SyncCommitteeReward(2, 5), new SyncCommitteeReward(3, -5))));
    final EpochObservation observed = monitor(1).check(1).join();
    assertThat(observed.syncCommittee()).isPresent();
    final List<SyncCheck> checks = observed.syncCommittee().get();
    assertThat(checks).hasSize(31 * 2);
    assertThat(checks.get(0)).isEqualTo(new SyncCheck(32, 2, true));
    assertThat(checks.get(1)).isEqualTo(new SyncCheck(32, 3, false));
    assertThat(checks.get(checks.size() - 1)).isEqualTo(new SyncCheck(62, 3, false));
    assertThat(counted.stream().filter("missed_sync_committee"::equals)).hasSize(1);
    assertThat(syncRewardCalls()).isEqualTo(32);
  }

  @Test
  void asksNoFurtherBlockWhenNoClusterValidatorSitsInTheCommittee() {
    beacon.on(
        PostSyncCommitteeRewards.class,
        r -> r.slot() < 34 ? Optional.empty() : Optional.of(List.<SyncCommitteeReward>of()));
    final EpochObservation observed = monitor(1).check(1).join();
    assertThat(observed.syncCommittee()).contains(List.of());
    assertThat(syncRewardCalls()).isEqualTo(3);
  }

  @Test
  void anEpochWithoutAnyBlockLeavesSyncUncheckedAndTheRestChecked() {
    beacon.on(PostSyncCommitteeRewards.class, r -> Optional.empty());
    final EpochObservation observed = monitor(1).check(1).join();
    assertThat(observed.syncCommittee()).isEmpty();
    assertThat(observed.attestations()).hasSize(4);
    assertThat(counted).doesNotContain("missed_sync_committee");
  }
}
