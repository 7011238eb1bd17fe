package io.dvc.spec.ssz;

import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.List;

/** Checks at schema creation that each SSZ field type can hold the record component's type. */
final class FieldTypeCheck {
  private FieldTypeCheck() {}

  static void check(
      final String container, final RecordComponent component, final SszType<?> type) {
    final Class<?> javaType = component.getType();
    final Class<?> expected = valueClass(type);
    final boolean ok =
        javaType == long.class
            ? expected == Long.class
            : javaType == boolean.class
                ? expected == Boolean.class
                : javaType.isAssignableFrom(expected) || expected.isAssignableFrom(javaType);
    if (!ok) {
      throw new IllegalArgumentException(
          container
              + "."
              + component.getName()
              + " is "
              + javaType.getSimpleName()
              + " but its SSZ type "
              + type
              + " holds "
              + expected.getSimpleName());
    }
  }

  private static Class<?> valueClass(final SszType<?> type) {
    if (type instanceof UIntType) {
      return Long.class;
    } else if (type instanceof BigUIntType) {
      return BigInteger.class;
    } else if (type instanceof BooleanType) {
      return Boolean.class;
    } else if (type instanceof ByteVectorType || type instanceof ByteListType) {
      return Bytes.class;
    } else if (type instanceof BitvectorType || type instanceof BitlistType) {
      return Bits.class;
    } else if (type instanceof SequenceType) {
      return List.class;
    } else if (type instanceof ContainerType<?> containerType) {
      return containerType.recordClass();
    }
    return Object.class;
  }
}
