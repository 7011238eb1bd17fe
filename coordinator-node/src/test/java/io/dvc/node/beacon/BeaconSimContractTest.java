package io.dvc.node.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.beaconsim.BeaconSimConfig;
import io.dvc.beaconsim.BeaconSimulator;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.async.ScheduledAsyncRunner;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.node.beacon.api.AttesterDuties;
import io.dvc.node.beacon.api.BeaconCommitteeSubscription;
import io.dvc.node.beacon.api.GetAttestationData;
import io.dvc.node.beacon.api.GetGenesis;
import io.dvc.node.beacon.api.GetNodeVersion;
import io.dvc.node.beacon.api.GetProposerDuties;
import io.dvc.node.beacon.api.GetSpec;
import io.dvc.node.beacon.api.GetSyncing;
import io.dvc.node.beacon.api.PostAttesterDuties;
import io.dvc.node.beacon.api.PostCommitteeSubscriptions;
import io.dvc.node.beacon.api.PostStateValidators;
import io.dvc.node.beacon.api.ProposerDuties;
import io.dvc.node.beacon.api.SubmitAttestations;
import io.dvc.node.beacon.api.SubmitResult;
import io.dvc.node.beacon.api.ValidatorInfo;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.SingleAttestation;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request classes against beacon-sim's answers: in process, and once over HTTP. */
class BeaconSimContractTest {
  private static final long START_MILLIS = 1_700_000_000_000L;
  private static final long SLOTS_PER_EPOCH = Preset.MINIMAL.slotsPerEpoch();
  private static FakeTimeProvider time;
  private static BeaconSimulator sim;
  private static List<BlsPublicKey> keys;
  private final ManualRunner runner = new ManualRunner();
  private final FailoverBeaconClient client =
      new FailoverBeaconClient(
          List.of(new SimBeaconNode("http://sim", sim.api())),
          runner,
          runner::nanoTime,
          FailoverBeaconClient.Options.forTimeout(Duration.ofSeconds(2)));

  @BeforeAll
  static void startSim() {
    keys =
        IntStream.range(0, 4)
            .mapToObj(i -> BlsSecretKey.fromScalar(BigInteger.valueOf(1000 + i)).publicKey())
            .toList();
    time = new FakeTimeProvider(START_MILLIS);
    sim =
        BeaconSimulator.start(
            BeaconSimConfig.of(keys)
                .withPort(0)
                .withTime(time)
                .withPreset(Preset.MINIMAL)
                .withSecondsPerSlot(1)
                .withFork(ForkName.ELECTRA)
                .withExtraValidators(60)
                .withGenesisDelaySeconds(0));
    time.advanceMillis(20_500); // slot 20, epoch 2
  }

  @AfterAll
  static void stopSim() {
    sim.close();
  }

  @Test
  void startUpRequestsReadTheSimulatorsAnswers() {
    assertThat(client.call(new GetGenesis()).join().genesisTime()).isEqualTo(START_MILLIS / 1000);
    assertThat(client.call(new GetSpec()).join().get("SLOTS_PER_EPOCH").asText())
        .isEqualTo(Long.toString(SLOTS_PER_EPOCH));
    assertThat(client.call(new GetSyncing()).join().isSyncing()).isFalse();
    assertThat(client.call(new GetNodeVersion()).join()).startsWith("dvc-beacon-sim/");
    final List<ValidatorInfo> validators =
        PostStateValidators.fetch(client, List.of("0", "1", keys.get(2).toHex())).join();
    assertThat(validators).extracting(ValidatorInfo::index).containsExactly(0L, 1L, 2L);
    assertThat(validators.get(2).pubkey()).isEqualTo(Bytes.fromHex(keys.get(2).toHex()));
  }

  @Test
  void dutiesOfTheEpochAreReadAndValid() {
    final AttesterDuties attesters =
        client.call(new PostAttesterDuties(2, List.of(0L, 1L, 2L, 3L), SLOTS_PER_EPOCH)).join();
    assertThat(attesters.duties()).hasSize(4);
    final ProposerDuties proposers = client.call(new GetProposerDuties(2, SLOTS_PER_EPOCH)).join();
    assertThat(proposers.duties()).hasSize((int) SLOTS_PER_EPOCH);
    assertThat(
            client
                .call(
                    new PostCommitteeSubscriptions(
                        List.of(new BeaconCommitteeSubscription(0, 0, 1, 20, false))))
                .join())
        .isNotNull();
  }

  @Test
  void anAttestationWithABadSignatureIsRejectedByPosition() {
    final AttestationData data = client.call(new GetAttestationData(20, 0, SLOTS_PER_EPOCH)).join();
    assertThat(data.slot()).isEqualTo(20);
    final SingleAttestation bad =
        new SingleAttestation(
            0,
            0,
            data,
            Bytes.of(BlsSecretKey.fromScalar(BigInteger.TEN).sign(new byte[32]).toBytes()));
    final SubmitResult result =
        client
            .call(
                SubmitAttestations.singles(
                    ForkName.ELECTRA,
                    List.of(bad),
                    Schemas.forPreset(Preset.MINIMAL).singleAttestation))
            .join();
    assertThat(result.rejected()).containsOnlyKeys(0);
  }

  @Test
  void theHttpClientReadsTheSimulatorOverLoopback() throws Exception {
    final ExecutorService executor = Executors.newFixedThreadPool(1);
    final ScheduledAsyncRunner timers = new ScheduledAsyncRunner("contract-timers", 1);
    try {
      final FailoverBeaconClient http =
          BeaconClients.http(
              List.of(sim.url()),
              Duration.ofSeconds(5),
              HttpBeaconNode.LatencyListener.NONE,
              executor,
              timers);
      assertThat(http.call(new GetGenesis()).get(10, TimeUnit.SECONDS).genesisTime())
          .isEqualTo(START_MILLIS / 1000);
      assertThat(
              http.call(new GetAttestationData(20, 0, SLOTS_PER_EPOCH))
                  .get(10, TimeUnit.SECONDS)
                  .slot())
          .isEqualTo(20);
    } finally {
      timers.close();
      executor.shutdownNow();
    }
  }
}
