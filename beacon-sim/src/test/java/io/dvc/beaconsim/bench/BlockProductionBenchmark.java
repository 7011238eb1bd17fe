package io.dvc.beaconsim.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.dvc.spec.ssz.Json;
import io.dvc.spec.types.BlockContents;
import io.dvc.spec.types.SignedBeaconBlock;
import io.dvc.spec.types.SignedBlockContents;
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
 * The simulator's side of one proposal on a 10,000-validator mainnet-preset Electra chain, straight
 * into the API (no HTTP): produceBlockV3 (RANDAO check, block and payload, JSON of the
 * BlockContents) and publishBlockV2 of the signed contents (JSON parsing, block root, signature and
 * RANDAO checks; the block is already imported, as for every node's copy after the first).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BlockProductionBenchmark {
  @Param({"10000"})
  int validators;

  @Param({"0", "6"})
  int blobs;

  private BeaconSimulator sim;
  private ApiRequest produce;
  private ApiRequest publish;

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
                .withBlobsPerBlock(blobs)
                .withTime(time));
    final long slot = 3;
    time.setMillis((sim.chain().schedule().genesisTime() + slot * 12) * 1000 + 100);
    final SigningRoots roots = new SigningRoots(sim.chain().schedule());
    final BlsSecretKey proposer = keys.get(sim.chain().proposerIndex(slot));
    final Bytes randao = Bytes.of(proposer.sign(roots.randaoReveal(0).toArray()).toBytes());
    produce =
        new ApiRequest(
            "GET",
            "/eth/v3/validator/blocks/" + slot,
            Map.of("randao_reveal", List.of(randao.toHex())),
            Map.of(),
            "");
    final ApiResponse produced = sim.api().handle(produce);
    final var schemas = sim.chain().schedule().schemas().at(ForkName.ELECTRA);
    final BlockContents contents =
        schemas
            .blockContents()
            .orElseThrow()
            .fromJson(Json.parse(produced.body().toString()).get("data"));
    final Bytes signature =
        Bytes.of(proposer.sign(roots.block(contents.block()).toArray()).toBytes());
    final SignedBlockContents signed =
        new SignedBlockContents(
            new SignedBeaconBlock(contents.block(), signature),
            contents.kzgProofs(),
            contents.blobs());
    publish =
        new ApiRequest(
            "POST",
            "/eth/v2/beacon/blocks",
            Map.of(),
            Map.of("eth-consensus-version", "electra"),
            schemas.signedBlockContents().orElseThrow().toJson(signed).toString());
    final ApiResponse first = sim.api().handle(publish);
    if (first.status() != 200) {
      throw new IllegalStateException("setup publication refused: " + first.body());
    }
    System.out.println("produce response: " + produced.body().toString().length() + " chars");
  }

  @TearDown
  public void tearDown() {
    sim.close();
  }

  /** produceBlockV3, the response serialized as the server sends it. */
  @Benchmark
  public String produce() {
    return sim.api().handle(produce).body().toString();
  }

  @Benchmark
  public JsonNode publish() {
    final ApiResponse response = sim.api().handle(publish);
    if (response.status() != 200) {
      throw new IllegalStateException("publication refused: " + response.body());
    }
    return response.body();
  }
}
