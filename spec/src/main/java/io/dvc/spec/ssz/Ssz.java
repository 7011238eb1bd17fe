package io.dvc.spec.ssz;

/** Factories for the SSZ types. */
public final class Ssz {
  public static final UIntType UINT8 = new UIntType(1);
  public static final UIntType UINT16 = new UIntType(2);
  public static final UIntType UINT32 = new UIntType(4);
  public static final UIntType UINT64 = new UIntType(8);
  public static final BigUIntType UINT128 = new BigUIntType(16);
  public static final BigUIntType UINT256 = new BigUIntType(32);
  public static final BooleanType BOOLEAN = new BooleanType();
  public static final ByteVectorType BYTES4 = new ByteVectorType(4);
  public static final ByteVectorType BYTES20 = new ByteVectorType(20);
  public static final ByteVectorType BYTES32 = new ByteVectorType(32);
  public static final ByteVectorType BYTES48 = new ByteVectorType(48);
  public static final ByteVectorType BYTES96 = new ByteVectorType(96);

  private Ssz() {}

  public static ByteVectorType byteVector(final int length) {
    return new ByteVectorType(length);
  }

  public static ByteListType byteList(final long maxLength) {
    return new ByteListType(maxLength);
  }

  public static BitvectorType bitvector(final int length) {
    return new BitvectorType(length);
  }

  public static BitlistType bitlist(final long maxLength) {
    return new BitlistType(maxLength);
  }

  public static <E> SequenceType<E> vector(final SszType<E> element, final int length) {
    return new SequenceType<>(element, length, false);
  }

  public static <E> SequenceType<E> list(final SszType<E> element, final long limit) {
    return new SequenceType<>(element, limit, true);
  }
}
