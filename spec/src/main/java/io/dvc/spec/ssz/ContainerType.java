package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * An SSZ container bound to a Java record: the record's components, in order, are the fields, and
 * their JSON names are the component names in snake_case ({@code beaconBlockRoot} becomes {@code
 * beacon_block_root}). The schema is declared once, as the list of field types, and drives
 * serialization, hash_tree_root and JSON.
 *
 * @param <R> the record type, or an interface it implements
 */
public final class ContainerType<R> implements SszType<R> {
  private final String name;
  private final Class<? extends R> recordClass;
  private final String[] jsonNames;
  private final SszType<Object>[] fields;
  private final MethodHandle[] getters;
  private final MethodHandle constructor;
  private final int fixedPartSize;
  private final boolean fixed;

  @SuppressWarnings("unchecked")
  private ContainerType(
      final MethodHandles.Lookup lookup,
      final String name,
      final Class<? extends R> recordClass,
      final SszType<?>[] types) {
    if (!recordClass.isRecord()) {
      throw new IllegalArgumentException(name + ": " + recordClass + " is not a record");
    }
    this.name = name;
    this.recordClass = recordClass;
    final RecordComponent[] components = recordClass.getRecordComponents();
    if (components.length != types.length) {
      throw new IllegalArgumentException(
          name + ": " + components.length + " record components but " + types.length + " types");
    }
    this.fields = (SszType<Object>[]) types.clone();
    this.jsonNames = new String[types.length];
    this.getters = new MethodHandle[types.length];
    final Class<?>[] parameterTypes = new Class<?>[types.length];
    int fixedBytes = 0;
    boolean allFixed = true;
    try {
      for (int i = 0; i < types.length; i++) {
        FieldTypeCheck.check(name, components[i], types[i]);
        jsonNames[i] = snakeCase(components[i].getName());
        getters[i] =
            lookup
                .unreflect(components[i].getAccessor())
                .asType(MethodType.methodType(Object.class, Object.class));
        parameterTypes[i] = components[i].getType();
        fixedBytes += types[i].isFixedSize() ? types[i].fixedSize() : 4;
        allFixed &= types[i].isFixedSize();
      }
      this.constructor =
          lookup
              .findConstructor(recordClass, MethodType.methodType(void.class, parameterTypes))
              .asSpreader(Object[].class, types.length)
              .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (final ReflectiveOperationException e) {
      throw new IllegalStateException(name + ": record " + recordClass + " is not accessible", e);
    }
    this.fixedPartSize = fixedBytes;
    this.fixed = allFixed;
  }

  /** The container {@code name} whose fields are the components of {@code recordClass}. */
  public static <R> ContainerType<R> of(
      final String name, final Class<? extends R> recordClass, final SszType<?>... fieldTypes) {
    return new ContainerType<>(MethodHandles.publicLookup(), name, recordClass, fieldTypes);
  }

  /**
   * As {@link #of(String, Class, SszType[])} for a record that is not public: pass {@code
   * MethodHandles.lookup()} from the record's package.
   */
  public static <R> ContainerType<R> of(
      final MethodHandles.Lookup lookup,
      final String name,
      final Class<? extends R> recordClass,
      final SszType<?>... fieldTypes) {
    return new ContainerType<>(lookup, name, recordClass, fieldTypes);
  }

  public String name() {
    return name;
  }

  public Class<? extends R> recordClass() {
    return recordClass;
  }

  /** The JSON (snake_case) field names, in order. */
  public List<String> fieldNames() {
    return List.of(jsonNames);
  }

  /** The field types, in order. */
  public List<SszType<?>> fieldTypes() {
    return List.of(fields);
  }

  /** Builds a record from field values in order (boxed). */
  public R create(final Object... values) {
    try {
      return recordClass.cast(constructor.invokeExact(values));
    } catch (final RuntimeException e) {
      throw new SszException(name + ": " + e.getMessage(), e);
    } catch (final Throwable e) {
      throw new IllegalStateException(name + ": cannot construct", e);
    }
  }

  private Object get(final R value, final int field) {
    try {
      return getters[field].invokeExact((Object) value);
    } catch (final RuntimeException | Error e) {
      throw e;
    } catch (final Throwable e) {
      throw new IllegalStateException(name + ": cannot read " + jsonNames[field], e);
    }
  }

  @Override
  public boolean isFixedSize() {
    return fixed;
  }

  @Override
  public int fixedSize() {
    if (!fixed) {
      throw new UnsupportedOperationException(name + " has no fixed size");
    }
    return fixedPartSize;
  }

  @Override
  public void validate(final R value) {
    sizeOf(value);
  }

  /** Fails unless the value is this container's record (not another fork's form of it). */
  private void checkInstance(final R value) {
    if (value == null) {
      throw new SszException("missing " + name);
    }
    if (!recordClass.isInstance(value)) {
      throw new SszException(
          name
              + " here must be "
              + recordClass.getSimpleName()
              + ", got "
              + value.getClass().getSimpleName());
    }
  }

  @Override
  public int sizeOf(final R value) {
    checkInstance(value);
    int size = fixedPartSize;
    for (int i = 0; i < fields.length; i++) {
      try {
        final int fieldSize = fields[i].sizeOf(get(value, i));
        if (!fields[i].isFixedSize()) {
          size += fieldSize;
        }
      } catch (final SszException e) {
        throw e.within(jsonNames[i]);
      }
    }
    return size;
  }

  @Override
  public int write(final R value, final byte[] buffer, final int offset) {
    int fixedPosition = offset;
    int variablePosition = offset + fixedPartSize;
    for (int i = 0; i < fields.length; i++) {
      final Object fieldValue = get(value, i);
      if (fields[i].isFixedSize()) {
        fixedPosition = fields[i].write(fieldValue, buffer, fixedPosition);
      } else {
        Offsets.write(buffer, fixedPosition, variablePosition - offset);
        fixedPosition += 4;
        variablePosition = fields[i].write(fieldValue, buffer, variablePosition);
      }
    }
    return variablePosition;
  }

  @Override
  public R read(final byte[] buffer, final int offset, final int length) {
    if (fixed ? length != fixedPartSize : length < fixedPartSize) {
      throw new SszException(
          name
              + " needs "
              + (fixed ? "" : "at least ")
              + fixedPartSize
              + " bytes but got "
              + length);
    }
    final Object[] values = new Object[fields.length];
    final int[] starts = new int[fields.length];
    int position = 0;
    int previousOffset = -1;
    int previousField = -1;
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].isFixedSize()) {
        starts[i] = position;
        position += fields[i].fixedSize();
      } else {
        final int fieldOffset = Offsets.read(buffer, offset, length, position);
        if (previousField < 0 ? fieldOffset != fixedPartSize : fieldOffset < previousOffset) {
          throw new SszException(name + ": bad offset " + fieldOffset + " of " + jsonNames[i]);
        }
        if (previousField >= 0) {
          values[previousField] =
              readField(
                  previousField, buffer, offset + previousOffset, fieldOffset - previousOffset);
        }
        previousOffset = fieldOffset;
        previousField = i;
        position += 4;
      }
    }
    if (previousField >= 0) {
      values[previousField] =
          readField(previousField, buffer, offset + previousOffset, length - previousOffset);
    }
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].isFixedSize()) {
        values[i] = readField(i, buffer, offset + starts[i], fields[i].fixedSize());
      }
    }
    return create(values);
  }

  private Object readField(
      final int field, final byte[] buffer, final int offset, final int length) {
    try {
      return fields[field].read(buffer, offset, length);
    } catch (final SszException e) {
      throw e.within(jsonNames[field]);
    }
  }

  @Override
  public void hashTreeRootInto(final R value, final byte[] out, final int outOffset) {
    checkInstance(value);
    final byte[] chunks = Merkleizer.chunkBuffer(fields.length);
    for (int i = 0; i < fields.length; i++) {
      try {
        fields[i].hashTreeRootInto(get(value, i), chunks, i * 32);
      } catch (final SszException e) {
        throw e.within(jsonNames[i]);
      }
    }
    Merkleizer.merkleize(chunks, fields.length, fields.length, out, outOffset);
  }

  @Override
  public JsonNode toJson(final R value) {
    checkInstance(value);
    final ObjectNode object = Json.NODES.objectNode();
    for (int i = 0; i < fields.length; i++) {
      object.set(jsonNames[i], fields[i].toJson(get(value, i)));
    }
    return object;
  }

  @Override
  public R fromJson(final JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new SszException("expected a JSON object for " + name);
    }
    final Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      final JsonNode fieldJson = json.get(jsonNames[i]);
      try {
        if (fieldJson == null) {
          throw new SszException("missing field");
        }
        values[i] = fields[i].fromJson(fieldJson);
      } catch (final SszException e) {
        throw e.within(jsonNames[i]);
      }
    }
    return create(values);
  }

  /**
   * {@code beaconBlockRoot} to {@code beacon_block_root}. Digits inside a name stay with the word
   * before ({@code eth1Data} to {@code eth1_data}); a number that ends the name becomes its own
   * word ({@code signedHeader1} to {@code signed_header_1}).
   */
  static String snakeCase(final String camel) {
    int trailingDigits = camel.length();
    while (trailingDigits > 0 && Character.isDigit(camel.charAt(trailingDigits - 1))) {
      trailingDigits--;
    }
    final StringBuilder snake = new StringBuilder(camel.length() + 8);
    for (int i = 0; i < camel.length(); i++) {
      final char c = camel.charAt(i);
      if (i == trailingDigits && i > 0) {
        snake.append('_').append(c);
      } else if (Character.isUpperCase(c)) {
        snake.append('_').append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString();
  }

  @Override
  public String toString() {
    return name;
  }
}
