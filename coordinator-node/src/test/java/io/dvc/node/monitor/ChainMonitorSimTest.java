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
import io.dvc.node.beacon.api.AttesterDuty;
import io.dvc.node.beacon.api.GetAttestationData;
import io.dvc.node.beacon.api.PostAttesterDuties;
import io.dvc.node.beacon.api.SubmitAttestations;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.SingleAttestation;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The liveness monitor against beacon-sim's answers (in process, fake clock): four cluster
 * validators attest every epoch, beacon-sim drops validator 1's attestations; the monitor names
 * exactly that validator, and the cluster's empty proposal slots as missed proposals.
 */
class ChainMonitorSimTest {
  private static final long SLOTS = Preset.MINIMAL.slotsPerEpoch();
  private final List<BlsSecretKey> keys =
      IntStream.range(0, 4)
          .mapToObj(i -> BlsSecretKey.fromScalar(BigInteger.valueOf(7000 + i)))
          .toList();
  private final FakeTimeProvider time = new FakeTimeProvider(1_700_000_000_000L);
  private final BeaconSimulator sim =
      BeaconSimulator.start(
          BeaconSimConfig.of(keys.stream().map(BlsSecretKey::publicKey).toList())
              .withTime(time)
              .withPreset(Preset.MINIMAL)
              .withSecondsPerSlot(1)
              .withFork(ForkName.ELECTRA)
              .withExtraValidators(60),
          new SimControls().dropSubmissionsOf(1));
  private final ManualRunner runner = new ManualRunner();
  private final FailoverBeaconClient beacon =
      new FailoverBeaconClient(
          List.of(new SimBeaconNode("http://sim", sim.api())),
          runner,
          runner::nanoTime,
          FailoverBeaconClient.Options.forTimeout(Duration.ofSeconds(2)));
  private final List<String> kinds = new ArrayList<>();
  private final AlertLog alerts =
      new AlertLog(LoggerFactory.getLogger(ChainMonitorSimTest.class), kinds::add);
  private final List<Long> validators = List.of(0L, 1L, 2L, 3L);
  private final ChainMonitor monitor =
      new ChainMonitor(
          beacon,
          validators,
          SLOTS,
          new LivenessTracker(new MonitorConfig(2, 0.5), validators),
          new MonitorMetrics(new PrometheusRegistry()),
          Optional.empty(),
          alerts,
          LoggerFactory.getLogger(ChainMonitorSimTest.class));

  @AfterEach
  void close() {
    sim.close();
  }

  private void atSlot(final long slot) {
    time.setMillis(sim.chain().schedule().genesisTime() * 1000 + slot * 1000 + 100);
  }

  /** Every cluster validator attests at its duty slot of the epoch. */
  private void attest(final long epoch) {
    final List<AttesterDuty> duties =
        new ArrayList<>(
            beacon.call(new PostAttesterDuties(epoch, validators, SLOTS)).join().duties());
    duties.sort(Comparator.comparingLong(AttesterDuty::slot));
    final SigningRoots roots = new SigningRoots(sim.chain().schedule());
    for (final AttesterDuty duty : duties) {
      atSlot(duty.slot());
      final AttestationData data =
          beacon.call(new GetAttestationData(duty.slot(), 0, SLOTS)).join();
      final BlsSecretKey key = keys.get((int) duty.validatorIndex());
      final SingleAttestation single =
          new SingleAttestation(
              duty.committeeIndex(),
              duty.validatorIndex(),
              data,
              Bytes.of(key.sign(roots.attestation(data).toArray()).toBytes()));
      assertThat(
              beacon
                  .call(
                      SubmitAttestations.singles(
                          ForkName.ELECTRA,
                          List.of(single),
                          sim.chain().schedule().schemas().singleAttestation))
                  .join()
                  .rejected())
          .isEmpty();
    }
  }

  @Test
  void namesExactlyTheValidatorWhoseAttestationsTheBeaconNodeDrops() {
    attest(0);
    attest(1);
    atSlot(2 * SLOTS + 2);
    monitor.check(0).join();
    monitor.check(1).join();
    final List<Alert> missed =
        alerts.recent().stream().filter(a -> a.kind().equals("missed_attestations")).toList();
    assertThat(missed).hasSize(1);
    assertThat(missed.get(0).validatorIndex().getAsLong()).isEqualTo(1);
    assertThat(missed.get(0).epoch()).isEqualTo(1);
    final long clusterProposals =
        sim.chain().clusterProposerDuties().keySet().stream()
            .filter(s -> s > 0 && s < 2 * SLOTS)
            .count();
    assertThat(kinds.stream().filter("missed_proposal"::equals).count())
        .isEqualTo(clusterProposals);
    assertThat(monitor.toJson().get("effectiveness").asDouble()).isEqualTo(0.75);
  }
}
