package io.dvc.bls.bench;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.SignatureSet;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-signature operations and batch verification of 1,000 signatures. Signatures are decoded
 * from wire bytes inside every measured call, except in the {@code *Decoded} variants, which start
 * from signatures decoded (and subgroup-checked) in setup; public keys are decoded once in setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 5)
public class BlsBenchmark {
  private static final int BATCH = 1000;

  private BlsSecretKey secretKey;
  private BlsPublicKey publicKey;
  private byte[] signatureBytes;
  private final List<BlsPublicKey> keys = new ArrayList<>();
  private final List<byte[]> signatures = new ArrayList<>();
  private final List<SignatureSet> decodedSets = new ArrayList<>();
  private final List<byte[]> distinctMessages = new ArrayList<>();
  private final List<byte[]> distinctSignatures = new ArrayList<>();

  @Setup
  public void setUp() {
    final SecureRandom random = new SecureRandom();
    secretKey = BlsSecretKey.random(random);
    publicKey = secretKey.publicKey();
    signatureBytes = secretKey.sign(BenchmarkData.MESSAGE).toBytes();
    for (int i = 0; i < BATCH; i++) {
      final BlsSecretKey key = BlsSecretKey.random(random);
      keys.add(key.publicKey());
      key.publicKey().isValid();
      final BlsSignature signature = key.sign(BenchmarkData.MESSAGE);
      signatures.add(signature.toBytes());
      final BlsSignature decoded = BlsSignature.fromBytes(signature.toBytes());
      decoded.isValid();
      decodedSets.add(new SignatureSet(key.publicKey(), BenchmarkData.MESSAGE, decoded));
      final byte[] message = {(byte) i, (byte) (i >> 8)};
      distinctMessages.add(message);
      distinctSignatures.add(key.sign(message).toBytes());
    }
  }

  @Benchmark
  public BlsSignature sign() {
    return secretKey.sign(BenchmarkData.MESSAGE);
  }

  @Benchmark
  public boolean verify() {
    return Bls.verify(publicKey, BenchmarkData.MESSAGE, BlsSignature.fromBytes(signatureBytes));
  }

  /** Decoding one signature from wire bytes with the subgroup check (part of every verify). */
  @Benchmark
  public boolean decodeSignature() {
    return BlsSignature.fromBytes(signatureBytes).isValid();
  }

  /** 1,000 single verifications, one after the other. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int verify1000OneByOne() {
    int valid = 0;
    for (int i = 0; i < BATCH; i++) {
      if (Bls.verify(
          keys.get(i), BenchmarkData.MESSAGE, BlsSignature.fromBytes(signatures.get(i)))) {
        valid++;
      }
    }
    return requireAll(valid);
  }

  /** Batch verification of 1,000 signatures over the same message (the fast path). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public boolean batchVerify1000SameMessage() {
    final List<SignatureSet> sets = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      sets.add(
          new SignatureSet(
              keys.get(i), BenchmarkData.MESSAGE, BlsSignature.fromBytes(signatures.get(i))));
    }
    return requireTrue(Bls.batchVerify(sets));
  }

  /** 1,000 single verifications of already decoded signatures. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int verify1000OneByOneDecoded() {
    int valid = 0;
    for (final SignatureSet set : decodedSets) {
      if (Bls.verify(set.publicKey(), BenchmarkData.MESSAGE, set.signature())) {
        valid++;
      }
    }
    return requireAll(valid);
  }

  /** Batch verification of 1,000 already decoded signatures over the same message. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public boolean batchVerify1000SameMessageDecoded() {
    return requireTrue(Bls.batchVerify(decodedSets));
  }

  /** Batch verification of 1,000 signatures over distinct messages (one Miller loop each). */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public boolean batchVerify1000DistinctMessages() {
    final List<SignatureSet> sets = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      sets.add(
          new SignatureSet(
              keys.get(i),
              distinctMessages.get(i),
              BlsSignature.fromBytes(distinctSignatures.get(i))));
    }
    return requireTrue(Bls.batchVerify(sets));
  }

  private static int requireAll(final int valid) {
    if (valid != BATCH) {
      throw new IllegalStateException("only " + valid + " of " + BATCH + " verified");
    }
    return valid;
  }

  static boolean requireTrue(final boolean ok) {
    if (!ok) {
      throw new IllegalStateException("verification failed");
    }
    return ok;
  }
}
