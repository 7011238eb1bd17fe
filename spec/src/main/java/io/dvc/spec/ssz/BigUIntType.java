package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;

/** uint128 and uint256 as {@link BigInteger}. */
public final class BigUIntType implements SszType<BigInteger> {
  private final int bytes;
  private final String name;

  BigUIntType(final int bytes) {
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
  public int sizeOf(final BigInteger value) {
    validate(value);
    return bytes;
  }

  @Override
  public void validate(final BigInteger value) {
    if (value == null) {
      throw new SszException("missing " + name);
    }
    if (value.signum() < 0 || value.bitLength() > bytes * 8) {
      throw new SszException(value + " does not fit " + name);
    }
  }

  @Override
  public int write(final BigInteger value, final byte[] buffer, final int offset) {
    validate(value);
    final byte[] bigEndian = value.toByteArray();
    java.util.Arrays.fill(buffer, offset, offset + bytes, (byte) 0);
    for (int i = 0; i < bytes && i < bigEndian.length; i++) {
      buffer[offset + i] = bigEndian[bigEndian.length - 1 - i];
    }
    return offset + bytes;
  }

  @Override
  public BigInteger read(final byte[] buffer, final int offset, final int length) {
    if (length != bytes) {
      throw new SszException(name + " needs " + bytes + " bytes but got " + length);
    }
    final byte[] bigEndian = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      bigEndian[i] = buffer[offset + bytes - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  @Override
  public void hashTreeRootInto(final BigInteger value, final byte[] out, final int outOffset) {
    java.util.Arrays.fill(out, outOffset, outOffset + 32, (byte) 0);
    write(value, out, outOffset);
  }

  @Override
  public JsonNode toJson(final BigInteger value) {
    return Json.NODES.textNode(value.toString());
  }

  @Override
  public BigInteger fromJson(final JsonNode json) {
    final String text =
        json != null && json.isIntegralNumber()
            ? json.bigIntegerValue().toString()
            : Json.text(json, name);
    if (text.isEmpty() || text.length() > 80 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new SszException("\"" + UIntType.abbreviate(text) + "\" is not a decimal " + name);
    }
    final BigInteger value = new BigInteger(text);
    validate(value);
    return value;
  }

  @Override
  public String toString() {
    return name;
  }
}
