package io.dvc.bls.bench;

import io.dvc.bls.threshold.CombineAndVerify;
import java.util.List;
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
 * Combine-and-verify for many distributed validators (t = 3, n = 4, one message), against the naive
 * alternative of verifying every partial on its own before combining.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
public class CombineAndVerifyBenchmark {
  private static final int THRESHOLD = 3;
  private static final int SHARES = 4;

  @Param({"1", "64", "1000", "10000"})
  public int validators;

  private BenchmarkData data;

  @Setup
  public void setUp() {
    data = new BenchmarkData(validators, THRESHOLD, SHARES);
  }

  @Benchmark
  public List<CombineAndVerify.Result> combineAndVerify() {
    final List<CombineAndVerify.Result> results =
        CombineAndVerify.combineAndVerify(data.requests(THRESHOLD));
    if (!results.stream().allMatch(CombineAndVerify.Result::isVerified)) {
      throw new IllegalStateException("a validator did not verify");
    }
    return results;
  }
}
