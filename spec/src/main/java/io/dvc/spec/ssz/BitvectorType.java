package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;

/** Bitvector[N] as {@link Bits}; JSON is the 0x-hex of its SSZ bytes. */
public final class BitvectorType implements SszType<Bits> {
  private final int length;

  BitvectorType(final int length) {
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
    return (length + 7) / 8;
  }

  @Override
  public int sizeOf(final Bits value) {
    validate(value);
    return fixedSize();
  }

  @Override
  public void validate(final Bits value) {
    if (value == null) {
      throw new SszException("missing " + this);
    }
    if (value.size() != length) {
      throw new SszException(this + " needs " + length + " bits but got " + value.size());
    }
  }

  @Override
  public int write(final Bits value, final byte[] buffer, final int offset) {
    value.copyPackedTo(buffer, offset);
    return offset + fixedSize();
  }

  @Override
  public Bits read(final byte[] buffer, final int offset, final int length) {
    if (length != fixedSize()) {
      throw new SszException(this + " needs " + fixedSize() + " bytes but got " + length);
    }
    final byte[] packed = new byte[length];
    System.arraycopy(buffer, offset, packed, 0, length);
    try {
      return Bits.fromPacked(this.length, packed);
    } catch (final IllegalArgumentException e) {
      throw new SszException(this + ": " + e.getMessage());
    }
  }

  @Override
  public void hashTreeRootInto(final Bits value, final byte[] out, final int outOffset) {
    validate(value);
    final int chunks = (fixedSize() + 31) / 32;
    final byte[] buffer = Merkleizer.chunkBuffer(chunks);
    value.copyPackedTo(buffer, 0);
    Merkleizer.merkleize(buffer, chunks, chunks, out, outOffset);
  }

  @Override
  public JsonNode toJson(final Bits value) {
    return Json.NODES.textNode(io.dvc.common.bytes.Hex.encode(value.toPacked()));
  }

  @Override
  public Bits fromJson(final JsonNode json) {
    final byte[] bytes = Json.hex(json, toString());
    return read(bytes, 0, bytes.length);
  }

  @Override
  public String toString() {
    return "Bitvector[" + length + "]";
  }
}
