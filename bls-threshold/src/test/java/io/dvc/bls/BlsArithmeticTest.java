package io.dvc.bls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

class BlsArithmeticTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static P2_Affine somePoint() {
    return BlsSecretKey.random(RANDOM).sign("point".getBytes(StandardCharsets.UTF_8)).curvePoint();
  }

  @Test
  void smallMultiplesByDoubleAndAddEqualScalarMultiplication() {
    final P2_Affine point = somePoint();
    for (int k = 0; k <= 300; k++) {
      assertThat(
              BlsArithmetic.smallMultiple(point, k)
                  .is_equal(new P2(point).mult(BigInteger.valueOf(k))))
          .as("k = %d", k)
          .isTrue();
    }
    for (int i = 0; i < 50; i++) {
      final int k = RANDOM.nextInt(1 << BlsArithmetic.SMALL_WEIGHT_BITS);
      assertThat(
              BlsArithmetic.smallMultiple(point, k)
                  .is_equal(new P2(point).mult(BigInteger.valueOf(k))))
          .as("k = %d", k)
          .isTrue();
    }
  }

  @Test
  void weightedSumMixesSmallNegativeAndFullSizeWeights() {
    final BlsSignature a = BlsSignature.fromCurvePoint(new P2(somePoint()));
    final BlsSignature b = BlsSignature.fromCurvePoint(new P2(somePoint()));
    final BigInteger big = Bls.CURVE_ORDER.subtract(BigInteger.valueOf(12_345_678_901L));
    final BlsSignature sum =
        BlsArithmetic.weightedSum(List.of(a, b), List.of(BigInteger.valueOf(-7), big));
    final P2 expected =
        new P2(a.curvePoint()).mult(Bls.CURVE_ORDER.subtract(BigInteger.valueOf(7)));
    expected.add(new P2(b.curvePoint()).mult(big));
    assertThat(sum).isEqualTo(BlsSignature.fromCurvePoint(expected));
  }
}
