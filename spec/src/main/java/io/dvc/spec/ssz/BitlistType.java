package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Bitlist[N] as {@link Bits}; SSZ appends a delimiter bit, and JSON is the 0x-hex of the SSZ bytes
 * (delimiter included).
 */
public final class BitlistType implements SszType<Bits> {
  private final long maxLength;

  BitlistType(final long maxLength) {
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
  public int sizeOf(final Bits value) {
    validate(value);
    return value.size() / 8 + 1;
  }

  @Override
  public void validate(final Bits value) {
    if (value == null) {
      throw new SszException("missing " + this);
    }
    if (value.size() > maxLength) {
      throw new SszException(value.size() + " bits exceed " + this);
    }
  }

  @Override
  public int write(final Bits value, final byte[] buffer, final int offset) {
    final int size = value.size();
    final int total = size / 8 + 1;
    java.util.Arrays.fill(buffer, offset, offset + total, (byte) 0);
    value.copyPackedTo(buffer, offset);
    buffer[offset + size / 8] |= (byte) (1 << (size % 8));
    return offset + total;
  }

  @Override
  public Bits read(final byte[] buffer, final int offset, final int length) {
    if (length == 0) {
      throw new SszException(this + " is empty: no delimiter bit");
    }
    final int last = buffer[offset + length - 1] & 0xff;
    if (last == 0) {
      throw new SszException(this + " has no delimiter bit in its last byte");
    }
    final int highBit = 31 - Integer.numberOfLeadingZeros(last);
    final long size = (long) (length - 1) * 8 + highBit;
    if (size > maxLength) {
      throw new SszException(size + " bits exceed " + this);
    }
    final byte[] packed = new byte[(int) ((size + 7) / 8)];
    System.arraycopy(buffer, offset, packed, 0, packed.length);
    if (highBit > 0) {
      packed[packed.length - 1] &= (byte) ((1 << highBit) - 1);
    }
    return Bits.fromPacked((int) size, packed);
  }

  @Override
  public void hashTreeRootInto(final Bits value, final byte[] out, final int outOffset) {
    validate(value);
    final int chunks = (value.packedLength() + 31) / 32;
    final byte[] buffer = Merkleizer.chunkBuffer(chunks);
    value.copyPackedTo(buffer, 0);
    Merkleizer.merkleize(buffer, chunks, (maxLength + 255) / 256, out, outOffset);
    Merkleizer.mixInLength(out, outOffset, value.size());
  }

  @Override
  public JsonNode toJson(final Bits value) {
    return Json.NODES.textNode(io.dvc.common.bytes.Hex.encode(serialize(value)));
  }

  @Override
  public Bits fromJson(final JsonNode json) {
    final byte[] bytes = Json.hex(json, toString());
    return read(bytes, 0, bytes.length);
  }

  @Override
  public String toString() {
    return "Bitlist[" + maxLength + "]";
  }
}
