package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;

/** uint8, uint16, uint32 and uint64 as {@link Long} (uint64 read as unsigned). */
public final class UIntType implements SszType<Long> {
  private final int bytes;
  private final String name;

  UIntType(final int bytes) {
    this.bytes = bytes;
    this.name = "uint" + bytes * 8;
  }

  @Override
  public boolean isBasic() {
    return true;
  }

  @Override
  public boolean isFixedSize() {
    return true;
  }

  @Override
  public int fixedSize() {
    return bytes;
  }

  @Override
  public int sizeOf(final Long value) {
    validate(value);
    return bytes;
  }

  @Override
  public void validate(final Long value) {
    if (value == null) {
      throw new SszException("missing " + name);
    }
    if (bytes < 8 && (value >>> (bytes * 8)) != 0) {
      throw new SszException(Long.toUnsignedString(value) + " does not fit " + name);
    }
  }

  @Override
  public int write(final Long value, final byte[] buffer, final int offset) {
    final long v = value;
    for (int i = 0; i < bytes; i++) {
      buffer[offset + i] = (byte) (v >>> (8 * i));
    }
    return offset + bytes;
  }

  @Override
  public Long read(final byte[] buffer, final int offset, final int length) {
    if (length != bytes) {
      throw new SszException(name + " needs " + bytes + " bytes but got " + length);
    }
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v |= (buffer[offset + i] & 0xffL) << (8 * i);
    }
    return v;
  }

  @Override
  public void hashTreeRootInto(final Long value, final byte[] out, final int outOffset) {
    validate(value);
    java.util.Arrays.fill(out, outOffset, outOffset + 32, (byte) 0);
    write(value, out, outOffset);
  }

  @Override
  public JsonNode toJson(final Long value) {
    return Json.NODES.textNode(Long.toUnsignedString(value));
  }

  @Override
  public Long fromJson(final JsonNode json) {
    final String text;
    if (json != null && json.isIntegralNumber()) {
      text = json.bigIntegerValue().toString();
    } else {
      text = Json.text(json, name);
    }
    if (text.isEmpty() || text.length() > 20 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new SszException("\"" + abbreviate(text) + "\" is not a decimal " + name);
    }
    final long value;
    try {
      value = Long.parseUnsignedLong(text);
    } catch (final NumberFormatException e) {
      throw new SszException(text + " does not fit " + name);
    }
    validate(value);
    return value;
  }

  static String abbreviate(final String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  @Override
  public String toString() {
    return name;
  }
}
