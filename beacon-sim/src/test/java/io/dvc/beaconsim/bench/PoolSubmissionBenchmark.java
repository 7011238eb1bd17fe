package io.dvc.beaconsim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.beaconsim.ApiRequest;
import io.dvc.beaconsim.ApiResponse;
import io.dvc.beaconsim.BeaconSimConfig;
import io.dvc.beaconsim.BeaconSimulator;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.SingleAttestation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One slot's SingleAttestations of a whole registry (n / 32 attesters, mainnet preset) submitted in
 * one request to /eth/v2/beacon/pool/attestations, straight into the API (no HTTP): parsing,
 * checks, signing roots and one same-message batch verification.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PoolSubmissionBenchmark {
  @Param({"10000"})
  int validators;

  /** fresh: every signature is verified; resubmitted: the same bytes came before (cache hit). */
  @Param({"fresh", "resubmitted"})
  String mode;

  private BeaconSimulator sim;
  private ApiRequest request;

  @Setup
  public void setUp() throws Exception {
    final List<BlsSecretKey> keys = new ArrayList<>();
    final List<BlsPublicKey> publicKeys = new ArrayList<>();
    for (int i = 0; i < validators; i++) {
      final BlsSecretKey key = BlsSecretKey.fromScalar(BigInteger.valueOf(1000 + i));
      keys.add(key);
      publicKeys.add(key.publicKey());
    }
    final FakeTimeProvider time = new FakeTimeProvider(1_700_000_000_000L);
    sim =
        BeaconSimulator.start(
            BeaconSimConfig.of(publicKeys)
                .withPreset(Preset.MAINNET)
                .withFork(ForkName.ELECTRA)
                .withTime(time));
    final long slot = 3;
    time.setMillis((sim.chain().schedule().genesisTime() + slot * 12) * 1000 + 100);
    final SigningRoots roots = new SigningRoots(sim.chain().schedule());
    final AttestationData data = sim.chain().attestationData(slot, 0);
    final byte[] signingRoot = roots.attestation(data).toArray();
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (int index = 0; index < validators; index++) {
      final var assignment = sim.chain().assignment(0, index);
      if (assignment.slot() != slot) {
        continue;
      }
      final SingleAttestation single =
          new SingleAttestation(
              assignment.committeeIndex(),
              index,
              data,
              Bytes.of(keys.get(index).sign(signingRoot).toBytes()));
      body.add(sim.chain().schedule().schemas().singleAttestation.toJson(single));
    }
    request =
        new ApiRequest(
            "POST",
            "/eth/v2/beacon/pool/attestations",
            Map.of(),
            Map.of("eth-consensus-version", "electra"),
            body.toString());
    final ApiResponse check = sim.api().handle(request);
    if (check.status() != 200) {
      throw new IllegalStateException("setup submission refused: " + check.body());
    }
    System.out.println("attestations per request: " + body.size());
  }

  @TearDown
  public void tearDown() {
    sim.close();
  }

  @Benchmark
  public JsonNode submitOneSlot() {
    if ("fresh".equals(mode)) {
      sim.api().forgetVerifiedSignatures();
    }
    return sim.api().handle(request).body();
  }
}
