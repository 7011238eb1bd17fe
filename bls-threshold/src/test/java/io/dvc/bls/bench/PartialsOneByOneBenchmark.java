package io.dvc.bls.bench;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSignature;
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

/**
 * The naive alternative to combine-and-verify: verify every partial of every validator (t = 3, n =
 * 4) against its public share, one by one; 3,000 verifications for 1,000 validators.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
public class PartialsOneByOneBenchmark {
  private static final int THRESHOLD = 3;

  @Param({"1000"})
  public int validators;

  private BenchmarkData data;

  @Setup
  public void setUp() {
    data = new BenchmarkData(validators, THRESHOLD, 4);
  }

  @Benchmark
  public int verifyPartialsOneByOne() {
    int valid = 0;
    for (int v = 0; v < validators; v++) {
      for (final Map.Entry<Integer, byte[]> partial : data.partialBytes.get(v).entrySet()) {
        if (Bls.verify(
            data.publicShares.get(v).get(partial.getKey()),
            BenchmarkData.MESSAGE,
            BlsSignature.fromBytes(partial.getValue()))) {
          valid++;
        }
      }
    }
    if (valid != validators * THRESHOLD) {
      throw new IllegalStateException("only " + valid + " partials verified");
    }
    return valid;
  }
}
