package io.dvc.p2p.bench;

import io.dvc.p2p.noise.AeadFixture;
import java.util.Random;
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
 * ChaCha20-Poly1305 alone: sealing one Noise frame (or a small message) in place, our scalar and
 * Vector API code (ChaCha20 only, or both) against the JDK provider. MiB/s = size / 2^20 x ops/s.
 * Run: {@code ./bench p2p -f 1 -wi 3 -i 5 AeadBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AeadBenchmark {
  @Param({"scalar", "vector-chacha", "vector", "jdk"})
  public String implementation;

  /** A full Noise frame's plaintext (65535 - 16) and a small message. */
  @Param({"65519", "256"})
  public int size;

  private AeadFixture aead;
  private byte[] buf;
  private long counter;

  @Setup
  public void setUp() {
    final Random random = new Random(1);
    final byte[] key = new byte[32];
    random.nextBytes(key);
    aead = new AeadFixture(implementation, key);
    buf = new byte[size + 16];
    random.nextBytes(buf);
  }

  @Benchmark
  public byte[] seal() {
    aead.seal(counter++, buf, 0, size);
    return buf;
  }
}
