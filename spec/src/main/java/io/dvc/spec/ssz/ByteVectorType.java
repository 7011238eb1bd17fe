package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;

/** ByteVector[N] (Bytes32, BLSPubkey, BLSSignature, ExecutionAddress, ...) as {@link Bytes}. */
public final class ByteVectorType implements SszType<Bytes> {
  private final int length;

  ByteVectorType(final int length) {
    this.length = length;
  }

  public int length() {
    return length;
  }

  @Override
  public boolean isFixedSize() {
    return true;
  }

  @Override
  public int fixedSize() {
    return length;
  }

  @Override
  public int sizeOf(final Bytes value) {
    validate(value);
    return length;
  }

  @Override
  public void validate(final Bytes value) {
    if (value == null) {
      throw new SszException("missing " + this);
    }
    if (value.size() != length) {
      throw new SszException(this + " needs " + length + " bytes but got " + value.size());
    }
  }

  @Override
  public int write(final Bytes value, final byte[] buffer, final int offset) {
    value.copyTo(buffer, offset);
    return offset + length;
  }

  @Override
  public Bytes read(final byte[] buffer, final int offset, final int length) {
    if (length != this.length) {
      throw new SszException(this + " needs " + this.length + " bytes but got " + length);
    }
    final byte[] copy = new byte[length];
    System.arraycopy(buffer, offset, copy, 0, length);
    return Bytes.wrap(copy);
  }

  @Override
  public void hashTreeRootInto(final Bytes value, final byte[] out, final int outOffset) {
    validate(value);
    if (length <= 32) {
      java.util.Arrays.fill(out, outOffset, outOffset + 32, (byte) 0);
      value.copyTo(out, outOffset);
      return;
    }
    final int chunks = (length + 31) / 32;
    final byte[] buffer = new byte[chunks * 32];
    value.copyTo(buffer, 0);
    Merkleizer.merkleize(buffer, chunks, chunks, out, outOffset);
  }

  @Override
  public JsonNode toJson(final Bytes value) {
    return Json.NODES.textNode(value.toHex());
  }

  @Override
  public Bytes fromJson(final JsonNode json) {
    final byte[] bytes = Json.hex(json, toString());
    if (bytes.length != length) {
      throw new SszException(this + " needs " + length + " bytes but got " + bytes.length);
    }
    return Bytes.wrap(bytes);
  }

  @Override
  public String toString() {
    return "ByteVector[" + length + "]";
  }
}
