package io.dvc.bls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

class MultiScalarMultiplicationTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @ParameterizedTest(name = "{0} points")
  @ValueSource(ints = {1, 3, 15, 16, 40, 130})
  void bucketMethodEqualsSumOfSingleMultiplications(final int count) {
    final List<P1_Affine> keys = new ArrayList<>();
    final List<P2_Affine> signatures = new ArrayList<>();
    final long[] scalars = new long[count];
    for (int i = 0; i < count; i++) {
      final BlsSecretKey key = BlsSecretKey.random(RANDOM);
      keys.add(key.publicKey().validPoint());
      signatures.add(key.sign(new byte[] {(byte) i}).point());
      scalars[i] = i == 0 ? -1L : i == 1 ? Long.MIN_VALUE : RANDOM.nextLong();
    }
    if (count > 2) {
      scalars[2] = 0;
    }
    final P1 expectedKeys = new P1();
    final P2 expectedSignatures = new P2();
    for (int i = 0; i < count; i++) {
      final BigInteger scalar = MultiScalarMultiplication.unsigned(scalars[i]);
      expectedKeys.add(new P1(keys.get(i)).mult(scalar));
      expectedSignatures.add(new P2(signatures.get(i)).mult(scalar));
    }

    assertThat(MultiScalarMultiplication.sumG1(keys, scalars).is_equal(expectedKeys)).isTrue();
    assertThat(MultiScalarMultiplication.sumG2(signatures, scalars).is_equal(expectedSignatures))
        .isTrue();
  }
}
