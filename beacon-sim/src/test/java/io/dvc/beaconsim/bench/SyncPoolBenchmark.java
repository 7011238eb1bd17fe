package io.dvc.beaconsim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.beaconsim.ApiRequest;
import io.dvc.beaconsim.ApiResponse;
import io.dvc.beaconsim.BeaconSimConfig;
import io.dvc.beaconsim.BeaconSimulator;
import io.dvc.beaconsim.SimSummary;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
 * One slot's sync committee messages of a 10,000-validator registry (mainnet preset: 512 positions,
 * every distinct member once) in one request to /eth/v1/beacon/pool/sync_committees, straight into
 * the API; and the summary (with its per-slot sync participation) after it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SyncPoolBenchmark {
  @Param({"10000"})
  int validators;

  /** fresh: every signature is verified; resubmitted: the same bytes came before (cache hit). */
  @Param({"fresh", "resubmitted"})
  String mode;

  private BeaconSimulator sim;
  private ApiRequest request;

  @Setup
  public void setUp() {
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
    final Bytes root = sim.chain().blockRoot(slot);
    final byte[] signingRoot =
        new SigningRoots(sim.chain().schedule()).syncCommitteeMessage(slot, root).toArray();
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    final TreeSet<Integer> members = new TreeSet<>();
    for (final int member : sim.chain().syncCommitteeAtSlot(slot)) {
      members.add(member);
    }
    for (final int member : members) {
      body.add(
          sim.chain()
              .schedule()
              .schemas()
              .syncCommitteeMessage
              .toJson(
                  new SyncCommitteeMessage(
                      slot, root, member, Bytes.of(keys.get(member).sign(signingRoot).toBytes()))));
    }
    request =
        new ApiRequest(
            "POST", "/eth/v1/beacon/pool/sync_committees", Map.of(), Map.of(), body.toString());
    final ApiResponse check = sim.api().handle(request);
    if (check.status() != 200) {
      throw new IllegalStateException("setup submission refused: " + check.body());
    }
    System.out.println("sync committee messages per request: " + body.size());
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

  @Benchmark
  public SimSummary summary() {
    return sim.summary();
  }
}
