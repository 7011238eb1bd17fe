package io.dvc.bls;

import java.math.BigInteger;
import java.util.List;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * {@code sum_i s_i * P_i} for unsigned 64-bit scalars, by Pippenger's bucket method: per window of
 * c bits, every point is added once into the bucket of its digit, then the buckets are summed with
 * a running total. jblst 0.3.17 exposes no multi-scalar multiplication, so this drives its point
 * additions; for n points it costs about {@code (64/c) * (n + 2^(c+1))} additions instead of n
 * separate 64-bit multiplications.
 */
final class MultiScalarMultiplication {
  private static final int DIRECT_BELOW = 16;

  private MultiScalarMultiplication() {}

  static P1 sumG1(final List<P1_Affine> points, final long[] scalars) {
    return sum(points, scalars, G1);
  }

  static P2 sumG2(final List<P2_Affine> points, final long[] scalars) {
    return sum(points, scalars, G2);
  }

  /** The group operations the bucket method needs; J is a projective point, A an affine one. */
  private interface Group<J, A> {
    J zero();

    J of(A affine);

    J addAffine(J sum, A affine);

    J add(J sum, J other);

    J dbl(J point);

    J mult(A point, BigInteger scalar);
  }

  private static final Group<P1, P1_Affine> G1 =
      new Group<>() {
        public P1 zero() {
          return new P1();
        }

        public P1 of(final P1_Affine affine) {
          return new P1(affine);
        }

        public P1 addAffine(final P1 sum, final P1_Affine affine) {
          return sum.add(affine);
        }

        public P1 add(final P1 sum, final P1 other) {
          return sum.add(other);
        }

        public P1 dbl(final P1 point) {
          return point.dbl();
        }

        public P1 mult(final P1_Affine point, final BigInteger scalar) {
          return new P1(point).mult(scalar);
        }
      };

  private static final Group<P2, P2_Affine> G2 =
      new Group<>() {
        public P2 zero() {
          return new P2();
        }

        public P2 of(final P2_Affine affine) {
          return new P2(affine);
        }

        public P2 addAffine(final P2 sum, final P2_Affine affine) {
          return sum.add(affine);
        }

        public P2 add(final P2 sum, final P2 other) {
          return sum.add(other);
        }

        public P2 dbl(final P2 point) {
          return point.dbl();
        }

        public P2 mult(final P2_Affine point, final BigInteger scalar) {
          return new P2(point).mult(scalar);
        }
      };

  private static <J, A> J sum(final List<A> points, final long[] scalars, final Group<J, A> group) {
    if (points.size() != scalars.length) {
      throw new IllegalArgumentException(
          points.size() + " points but " + scalars.length + " scalars");
    }
    if (points.size() < DIRECT_BELOW) {
      return direct(points, scalars, group);
    }
    final int window = windowBits(points.size());
    final int windows = (Long.SIZE + window - 1) / window;
    J result = null;
    for (int w = windows - 1; w >= 0; w--) {
      if (result != null) {
        for (int k = 0; k < window; k++) {
          result = group.dbl(result);
        }
      }
      final J windowSum = windowSum(points, scalars, group, w * window, window);
      if (windowSum != null) {
        result = result == null ? windowSum : group.add(result, windowSum);
      }
    }
    return result == null ? group.zero() : result;
  }

  private static <J, A> J windowSum(
      final List<A> points,
      final long[] scalars,
      final Group<J, A> group,
      final int shift,
      final int window) {
    final long mask = (1L << window) - 1;
    final Object[] buckets = new Object[1 << window];
    for (int i = 0; i < scalars.length; i++) {
      final int digit = (int) ((scalars[i] >>> shift) & mask);
      if (digit != 0) {
        @SuppressWarnings("unchecked")
        final J bucket = (J) buckets[digit];
        buckets[digit] =
            bucket == null ? group.of(points.get(i)) : group.addAffine(bucket, points.get(i));
      }
    }
    J running = null;
    J total = null;
    for (int digit = buckets.length - 1; digit >= 1; digit--) {
      @SuppressWarnings("unchecked")
      final J bucket = (J) buckets[digit];
      if (bucket != null) {
        running = running == null ? bucket : group.add(running, bucket);
      }
      if (running != null) {
        total = total == null ? group.add(group.zero(), running) : group.add(total, running);
      }
    }
    return total;
  }

  private static <J, A> J direct(
      final List<A> points, final long[] scalars, final Group<J, A> group) {
    final J sum = group.zero();
    for (int i = 0; i < scalars.length; i++) {
      group.add(sum, group.mult(points.get(i), unsigned(scalars[i])));
    }
    return sum;
  }

  private static int windowBits(final int count) {
    final int log = 31 - Integer.numberOfLeadingZeros(count);
    return Math.max(2, Math.min(12, log - 3));
  }

  static BigInteger unsigned(final long value) {
    final BigInteger signed = BigInteger.valueOf(value);
    return value >= 0 ? signed : signed.add(BigInteger.ONE.shiftLeft(Long.SIZE));
  }
}
