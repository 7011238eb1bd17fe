package io.dvc.bls.bench;

import io.dvc.bls.BlsSignature;
import io.dvc.bls.threshold.ThresholdAggregator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Combining t partial signatures (decoded from wire bytes) into the group signature. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
public class ThresholdBenchmark {
  @Param({"3", "5", "7"})
  public int threshold;

  private BenchmarkData data;

  @Setup
  public void setUp() {
    data = new BenchmarkData(1, threshold, threshold + 1);
  }

  @Benchmark
  public BlsSignature combine() {
    final Map<Integer, BlsSignature> partials = new HashMap<>();
    data.partialBytes.get(0).forEach((i, bytes) -> partials.put(i, BlsSignature.fromBytes(bytes)));
    return ThresholdAggregator.combineSignatures(partials);
  }
}
