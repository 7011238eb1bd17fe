package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;

/** ByteList[N] (Transaction, extra_data) as {@link Bytes}. */
public final class ByteListType implements SszType<Bytes> {
  private final long maxLength;

  ByteListType(final long maxLength) {
    this.maxLength = maxLength;
  }

  public long maxLength() {
    return maxLength;
  }

  @Override
  public boolean isFixedSize() {
    return false;
  }

  @Override
  public int fixedSize() {
    throw new UnsupportedOperationException(this + " has no fixed size");
  }

  @Override
  public int sizeOf(final Bytes value) {
    validate(value);
    return value.size();
  }

  @Override
  public void validate(final Bytes value) {
    if (value == null) {
      throw new SszException("missing " + this);
    }
    if (value.size() > maxLength) {
      throw new SszException(value.size() + " bytes exceed " + this);
    }
  }

  @Override
  public int write(final Bytes value, final byte[] buffer, final int offset) {
    value.copyTo(buffer, offset);
    return offset + value.size();
  }

  @Override
  public Bytes read(final byte[] buffer, final int offset, final int length) {
    if (length > maxLength) {
      throw new SszException(length + " bytes exceed " + this);
    }
    final byte[] copy = new byte[length];
    System.arraycopy(buffer, offset, copy, 0, length);
    return Bytes.wrap(copy);
  }

  @Override
  public void hashTreeRootInto(final Bytes value, final byte[] out, final int outOffset) {
    validate(value);
    final int chunks = (value.size() + 31) / 32;
    final byte[] buffer = Merkleizer.chunkBuffer(chunks);
    value.copyTo(buffer, 0);
    Merkleizer.merkleize(buffer, chunks, (maxLength + 31) / 32, out, outOffset);
    Merkleizer.mixInLength(out, outOffset, value.size());
  }

  @Override
  public JsonNode toJson(final Bytes value) {
    return Json.NODES.textNode(value.toHex());
  }

  @Override
  public Bytes fromJson(final JsonNode json) {
    final byte[] bytes = Json.hex(json, toString());
    if (bytes.length > maxLength) {
      throw new SszException(bytes.length + " bytes exceed " + this);
    }
    return Bytes.wrap(bytes);
  }

  @Override
  public String toString() {
    return "ByteList[" + maxLength + "]";
  }
}
