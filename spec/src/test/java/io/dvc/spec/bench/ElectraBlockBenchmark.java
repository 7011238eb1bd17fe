package io.dvc.spec.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.ssz.Json;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BeaconBlockBodyElectra;
import io.dvc.spec.types.Checkpoint;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.Eth1Data;
import io.dvc.spec.types.ExecutionPayloadDeneb;
import io.dvc.spec.types.ExecutionRequests;
import io.dvc.spec.types.SyncAggregate;
import io.dvc.spec.types.Withdrawal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * hash_tree_root and JSON decode of a mainnet Electra BeaconBlock with 8 attestations (each over
 * all 64 committees, 30,720 aggregation bits) and 100 transactions of 300 bytes, 16 withdrawals and
 * 6 blob commitments.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ElectraBlockBenchmark {
  private ContainerType<BeaconBlock> type;
  private BeaconBlock block;
  private String json;
  private byte[] ssz;

  @Setup
  public void setUp() {
    type = Schemas.MAINNET.at(ForkName.ELECTRA).beaconBlock();
    block = block(new Random(42));
    json = Json.write(type.toJson(block));
    ssz = type.serialize(block);
  }

  @Benchmark
  public Bytes hashTreeRoot() {
    return type.hashTreeRoot(block);
  }

  @Benchmark
  public BeaconBlock jsonDecode() {
    return type.fromJson(Json.parse(json));
  }

  @Benchmark
  public String jsonEncode() {
    return Json.write(type.toJson(block));
  }

  @Benchmark
  public BeaconBlock sszDecode() {
    return type.deserialize(ssz);
  }

  /** The benchmark block (public so that tests can check its shape). */
  public static BeaconBlock block(final Random random) {
    final List<Attestation> attestations = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Bits bits = Bits.zero(64 * 480);
      for (int b = 0; b < bits.size(); b += 1 + random.nextInt(3)) {
        bits = bits.withSet(b);
      }
      final AttestationData data =
          new AttestationData(
              12_000_000L,
              0,
              bytes(random, 32),
              new Checkpoint(374_999L, bytes(random, 32)),
              new Checkpoint(375_000L, bytes(random, 32)));
      attestations.add(
          new ElectraAttestation(bits, data, bytes(random, 96), Bits.of(64, range(64))));
    }
    final List<Bytes> transactions = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      transactions.add(bytes(random, 300));
    }
    final List<Withdrawal> withdrawals = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      withdrawals.add(new Withdrawal(90_000_000L + i, 1000 + i, bytes(random, 20), 17_000_000L));
    }
    final ExecutionPayloadDeneb payload =
        new ExecutionPayloadDeneb(
            bytes(random, 32),
            bytes(random, 20),
            bytes(random, 32),
            bytes(random, 32),
            bytes(random, 256),
            bytes(random, 32),
            22_000_000L,
            36_000_000L,
            20_000_000L,
            1_750_000_000L,
            bytes(random, 12),
            BigInteger.valueOf(3_000_000_000L),
            bytes(random, 32),
            transactions,
            withdrawals,
            393_216L,
            0L);
    final List<Bytes> commitments = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      commitments.add(bytes(random, 48));
    }
    final BeaconBlockBodyElectra body =
        new BeaconBlockBodyElectra(
            bytes(random, 96),
            new Eth1Data(bytes(random, 32), 2_000_000L, bytes(random, 32)),
            bytes(random, 32),
            List.of(),
            List.of(),
            attestations,
            List.of(),
            List.of(),
            new SyncAggregate(Bits.of(512, range(500)), bytes(random, 96)),
            payload,
            List.of(),
            commitments,
            new ExecutionRequests(List.of(), List.of(), List.of()));
    return new BeaconBlock(12_000_000L, 123_456L, bytes(random, 32), bytes(random, 32), body);
  }

  private static int[] range(final int n) {
    final int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      indices[i] = i;
    }
    return indices;
  }

  private static Bytes bytes(final Random random, final int length) {
    final byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return Bytes.of(bytes);
  }

  /** For a quick look without JMH. */
  public static void main(final String[] args) {
    final ElectraBlockBenchmark bench = new ElectraBlockBenchmark();
    bench.setUp();
    final JsonNode parsed = Json.parse(bench.json);
    System.out.println(
        bench.json.length() + " JSON chars, " + bench.ssz.length + " SSZ bytes, " + parsed.size());
  }
}
