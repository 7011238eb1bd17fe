package io.dvc.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.beaconsim.BeaconSimConfig;
import io.dvc.beaconsim.BeaconSimulator;
import io.dvc.beaconsim.SimControls;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.node.beacon.FailoverBeaconClient;
import io.dvc.node.beacon.ManualRunner;
import io.dvc.node.beacon.SimBeaconNode;
import io.dvc.node.beacon.api.SubmitSyncCommitteeMessages;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SyncCommitteeMessage;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Sync committee participation against beacon-sim's sync committee rewards (in process, fake
 * clock): eight cluster validators of sixteen, every member submits its message in each slot of
 * epochs 0 and 1; when beacon-sim drops one member's messages the monitor names exactly that
 * member, and nobody when none is dropped. Slots whose next slot is the cluster's (no block
 * published here) are not counted against anyone.
 */
class ChainMonitorSyncSimTest {
  private static final long SLOTS = Preset.MINIMAL.slotsPerEpoch();
  private final List<BlsSecretKey> keys =
      IntStream.range(0, 8)
          .mapToObj(i -> BlsSecretKey.fromScalar(BigInteger.valueOf(9100 + i)))
          .toList();
  private final List<Long> validators = LongStream.range(0, 8).boxed().toList();
  private final FakeTimeProvider time = new FakeTimeProvider(1_700_000_000_000L);
  private final BeaconSimulator sim =
      BeaconSimulator.start(
          BeaconSimConfig.of(keys.stream().map(BlsSecretKey::publicKey).toList())
              .withTime(time)
              .withPreset(Preset.MINIMAL)
              .withSecondsPerSlot(1)
              .withFork(ForkName.ELECTRA)
              .withExtraValidators(8),
          new SimControls());
  private final ManualRunner runner = new ManualRunner();
  private final FailoverBeaconClient beacon =
      new FailoverBeaconClient(
          List.of(new SimBeaconNode("http://sim", sim.api())),
          runner,
          runner::nanoTime,
          FailoverBeaconClient.Options.forTimeout(Duration.ofSeconds(2)));
  private final AlertLog alerts =
      new AlertLog(LoggerFactory.getLogger(ChainMonitorSyncSimTest.class), kind -> {});
  private final ChainMonitor monitor =
      new ChainMonitor(
          beacon,
          validators,
          SLOTS,
          new LivenessTracker(new MonitorConfig(2, 0.5, 4), validators),
          new MonitorMetrics(new PrometheusRegistry()),
          Optional.empty(),
          alerts,
          LoggerFactory.getLogger(ChainMonitorSyncSimTest.class));

  @AfterEach
  void close() {
    sim.close();
  }

  private void atSlot(final long slot) {
    time.setMillis(sim.chain().schedule().genesisTime() * 1000 + slot * 1000 + 100);
  }

  /** The cluster validators in the committee that signs the messages of a slot. */
  private TreeSet<Long> members(final long slot) {
    final TreeSet<Long> members = new TreeSet<>();
    for (final int index : sim.chain().syncCommitteeAtSlot(slot)) {
      if (index < keys.size()) {
        members.add((long) index);
      }
    }
    return members;
  }

  /** Every member submits its message of each slot of epochs 0 and 1, early in the slot. */
  private void signTwoEpochs() {
    final SigningRoots roots = new SigningRoots(sim.chain().schedule());
    for (long slot = 0; slot < 2 * SLOTS; slot++) {
      atSlot(slot);
      final Bytes root = sim.chain().blockRoot(slot);
      final List<SyncCommitteeMessage> messages = new ArrayList<>();
      for (final long member : members(slot)) {
        final BlsSecretKey key = keys.get((int) member);
        messages.add(
            new SyncCommitteeMessage(
                slot,
                root,
                member,
                Bytes.of(key.sign(roots.syncCommitteeMessage(slot, root).toArray()).toBytes())));
      }
      assertThat(
              beacon
                  .call(
                      new SubmitSyncCommitteeMessages(
                          messages, sim.chain().schedule().schemas().syncCommitteeMessage))
                  .join()
                  .rejected())
          .isEmpty();
    }
    atSlot(2 * SLOTS + 2);
  }

  private List<Alert> syncAlerts() {
    return alerts.recent().stream().filter(a -> a.kind().equals("missed_sync_committee")).toList();
  }

  @Test
  void namesExactlyTheMemberWhoseMessagesTheBeaconNodeDrops() {
    final TreeSet<Long> members = members(0);
    assertThat(members).as("cluster validators in the sync committee").hasSizeGreaterThan(1);
    final long dropped = members.last();
    sim.controls().dropSubmissionsOf((int) dropped);
    signTwoEpochs();
    monitor.check(0).join();
    final EpochObservation second = monitor.check(1).join();

    assertThat(syncAlerts()).hasSize(1);
    assertThat(syncAlerts().get(0).validatorIndex().getAsLong()).isEqualTo(dropped);
    assertThat(second.syncCommittee()).isPresent();
    final long blocks =
        LongStream.range(SLOTS, 2 * SLOTS).filter(s -> !sim.chain().isClusterSlot(s)).count();
    assertThat(second.syncCommittee().get())
        .as("one check per member and block of epoch 1")
        .hasSize((int) (blocks * members.size()))
        .allSatisfy(c -> assertThat(c.participated()).isEqualTo(c.validatorIndex() != dropped));
    assertThat(monitor.toJson().at("/sync_committee/members"))
        .anySatisfy(m -> assertThat(m.get("missed_in_a_row").asLong()).isPositive());
  }

  @Test
  void aHealthyCommitteeRaisesNoSyncAlert() {
    signTwoEpochs();
    monitor.check(0).join();
    final EpochObservation second = monitor.check(1).join();
    assertThat(second.syncCommittee()).hasValueSatisfying(c -> assertThat(c).isNotEmpty());
    assertThat(syncAlerts()).isEmpty();
    assertThat(monitor.toJson().at("/sync_committee/participation").asDouble()).isEqualTo(1.0);
  }
}
