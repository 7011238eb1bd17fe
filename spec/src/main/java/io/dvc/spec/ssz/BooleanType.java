package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;

/** boolean: one byte, 0x00 or 0x01. */
public final class BooleanType implements SszType<Boolean> {
  BooleanType() {}

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
    return 1;
  }

  @Override
  public int sizeOf(final Boolean value) {
    if (value == null) {
      throw new SszException("missing boolean");
    }
    return 1;
  }

  @Override
  public int write(final Boolean value, final byte[] buffer, final int offset) {
    buffer[offset] = (byte) (value ? 1 : 0);
    return offset + 1;
  }

  @Override
  public Boolean read(final byte[] buffer, final int offset, final int length) {
    if (length != 1) {
      throw new SszException("boolean needs 1 byte but got " + length);
    }
    final int b = buffer[offset];
    if (b != 0 && b != 1) {
      throw new SszException("boolean byte is " + (b & 0xff) + ", not 0 or 1");
    }
    return b == 1;
  }

  @Override
  public void hashTreeRootInto(final Boolean value, final byte[] out, final int outOffset) {
    java.util.Arrays.fill(out, outOffset, outOffset + 32, (byte) 0);
    out[outOffset] = (byte) (value ? 1 : 0);
  }

  @Override
  public JsonNode toJson(final Boolean value) {
    return Json.NODES.booleanNode(value);
  }

  @Override
  public Boolean fromJson(final JsonNode json) {
    if (json == null || !json.isBoolean()) {
      throw new SszException("expected a JSON boolean");
    }
    return json.booleanValue();
  }

  @Override
  public String toString() {
    return "boolean";
  }
}
