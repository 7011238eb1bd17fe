package io.dvc.spec.testing;

import io.dvc.spec.ssz.BigUIntType;
import io.dvc.spec.ssz.BitlistType;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.BitvectorType;
import io.dvc.spec.ssz.BooleanType;
import io.dvc.spec.ssz.ByteListType;
import io.dvc.spec.ssz.ByteVectorType;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.ssz.SequenceType;
import io.dvc.spec.ssz.SszType;
import io.dvc.spec.ssz.UIntType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random values of any SSZ type, driven by the type's schema. Lists and bitlists stay short
 * (a few elements) so that nested blocks remain small; integers cover the full range with a bias
 * toward 0 and the maximum.
 */
public final class RandomValues {
  private final Random random;

  public RandomValues(final long seed) {
    this.random = new Random(seed);
  }

  @SuppressWarnings("unchecked")
  public <T> T of(final SszType<T> type) {
    return (T) any(type);
  }

  private Object any(final SszType<?> type) {
    if (type instanceof UIntType u) {
      return uint(u.fixedSize());
    } else if (type instanceof BigUIntType b) {
      final int pick = random.nextInt(4);
      return pick == 0
          ? BigInteger.ZERO
          : pick == 1
              ? BigInteger.ONE.shiftLeft(b.fixedSize() * 8).subtract(BigInteger.ONE)
              : new BigInteger(random.nextInt(b.fixedSize() * 8 + 1), random);
    } else if (type instanceof BooleanType) {
      return random.nextBoolean();
    } else if (type instanceof ByteVectorType v) {
      return bytes(v.length());
    } else if (type instanceof ByteListType l) {
      return bytes(random.nextInt((int) Math.min(l.maxLength(), 64) + 1));
    } else if (type instanceof BitvectorType v) {
      return bits(v.length());
    } else if (type instanceof BitlistType l) {
      return bits(random.nextInt((int) Math.min(l.maxLength(), 300) + 1));
    } else if (type instanceof SequenceType<?> s) {
      return sequence(s);
    } else if (type instanceof ContainerType<?> c) {
      final Object[] values = new Object[c.fieldTypes().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = any(c.fieldTypes().get(i));
      }
      return c.create(values);
    }
    throw new IllegalArgumentException("no generator for " + type);
  }

  private long uint(final int size) {
    final long mask = size == 8 ? -1L : (1L << (size * 8)) - 1;
    return switch (random.nextInt(4)) {
      case 0 -> 0L;
      case 1 -> mask;
      default -> random.nextLong() & mask;
    };
  }

  private Bytes bytes(final int length) {
    final byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return Bytes.of(bytes);
  }

  private Bits bits(final int length) {
    Bits bits = Bits.zero(length);
    for (int i = 0; i < length; i++) {
      if (random.nextBoolean()) {
        bits = bits.withSet(i);
      }
    }
    return bits;
  }

  private List<Object> sequence(final SequenceType<?> type) {
    final int count;
    if (!type.isList()) {
      count = (int) type.bound();
    } else {
      final boolean small = type.element().isFixedSize() && type.element().fixedSize() <= 8;
      final boolean huge = type.element().isFixedSize() && type.element().fixedSize() > 4096;
      final long cap = small ? 40 : huge ? 1 : 3;
      count = random.nextInt((int) Math.min(type.bound(), cap) + 1);
    }
    final List<Object> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(any(type.element()));
    }
    return List.copyOf(items);
  }
}
