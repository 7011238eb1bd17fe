package io.dvc.spec.ssz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Vector[E, N] and List[E, N] of any element type, as immutable {@link List}s. */
public final class SequenceType<E> implements SszType<List<E>> {
  private final SszType<E> element;
  private final long bound;
  private final boolean isList;

  SequenceType(final SszType<E> element, final long bound, final boolean isList) {
    this.element = element;
    this.bound = bound;
    this.isList = isList;
    if (!isList && bound <= 0) {
      throw new IllegalArgumentException("a Vector needs at least one element");
    }
  }

  public SszType<E> element() {
    return element;
  }

  /** N: the length of a Vector or the limit of a List. */
  public long bound() {
    return bound;
  }

  public boolean isList() {
    return isList;
  }

  @Override
  public boolean isFixedSize() {
    return !isList && element.isFixedSize();
  }

  @Override
  public int fixedSize() {
    if (!isFixedSize()) {
      throw new UnsupportedOperationException(this + " has no fixed size");
    }
    return Math.toIntExact(bound * element.fixedSize());
  }

  @Override
  public void validate(final List<E> value) {
    if (value == null) {
      throw new SszException("missing " + this);
    }
    if (isList ? value.size() > bound : value.size() != bound) {
      throw new SszException(
          (isList ? value.size() + " elements exceed " : "needs " + bound + " elements but got ")
              + (isList ? toString() : value.size()));
    }
  }

  @Override
  public int sizeOf(final List<E> value) {
    validate(value);
    if (element.isFixedSize()) {
      return value.size() * element.fixedSize();
    }
    int size = 0;
    for (int i = 0; i < value.size(); i++) {
      try {
        size += 4 + element.sizeOf(value.get(i));
      } catch (final SszException e) {
        throw e.within("[" + i + "]");
      }
    }
    return size;
  }

  @Override
  public int write(final List<E> value, final byte[] buffer, final int offset) {
    if (element.isFixedSize()) {
      int position = offset;
      for (final E item : value) {
        position = element.write(item, buffer, position);
      }
      return position;
    }
    int variable = offset + 4 * value.size();
    for (int i = 0; i < value.size(); i++) {
      Offsets.write(buffer, offset + 4 * i, variable - offset);
      variable = element.write(value.get(i), buffer, variable);
    }
    return variable;
  }

  @Override
  public List<E> read(final byte[] buffer, final int offset, final int length) {
    return element.isFixedSize()
        ? readFixed(buffer, offset, length)
        : readVariable(buffer, offset, length);
  }

  private List<E> readFixed(final byte[] buffer, final int offset, final int length) {
    final int size = element.fixedSize();
    if (length % size != 0) {
      throw new SszException(this + ": " + length + " bytes are not a whole number of elements");
    }
    final int count = length / size;
    checkCount(count);
    final List<E> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      try {
        items.add(element.read(buffer, offset + i * size, size));
      } catch (final SszException e) {
        throw e.within("[" + i + "]");
      }
    }
    return List.copyOf(items);
  }

  private List<E> readVariable(final byte[] buffer, final int offset, final int length) {
    if (length == 0) {
      checkCount(0);
      return List.of();
    }
    final int first = Offsets.read(buffer, offset, length, 0);
    if (first % 4 != 0 || first == 0) {
      throw new SszException(this + ": first offset " + first + " is not a positive multiple of 4");
    }
    final int count = first / 4;
    checkCount(count);
    final List<E> items = new ArrayList<>(count);
    int start = first;
    for (int i = 0; i < count; i++) {
      final int end = i + 1 < count ? Offsets.read(buffer, offset, length, 4 * (i + 1)) : length;
      if (end < start || end > length) {
        throw new SszException(
            this + ": offset " + end + " of element " + (i + 1) + " is out of order");
      }
      try {
        items.add(element.read(buffer, offset + start, end - start));
      } catch (final SszException e) {
        throw e.within("[" + i + "]");
      }
      start = end;
    }
    return List.copyOf(items);
  }

  private void checkCount(final int count) {
    if (isList ? count > bound : count != bound) {
      throw new SszException(this + ": got " + count + " elements");
    }
  }

  @Override
  public void hashTreeRootInto(final List<E> value, final byte[] out, final int outOffset) {
    validate(value);
    if (element.isBasic()) {
      final int size = element.fixedSize();
      final int chunks = (value.size() * size + 31) / 32;
      final byte[] buffer = Merkleizer.chunkBuffer(chunks);
      int position = 0;
      for (final E item : value) {
        element.validate(item);
        position = element.write(item, buffer, position);
      }
      Merkleizer.merkleize(buffer, chunks, (bound * size + 31) / 32, out, outOffset);
    } else {
      final byte[] buffer = Merkleizer.chunkBuffer(value.size());
      for (int i = 0; i < value.size(); i++) {
        element.hashTreeRootInto(value.get(i), buffer, i * 32);
      }
      Merkleizer.merkleize(buffer, value.size(), bound, out, outOffset);
    }
    if (isList) {
      Merkleizer.mixInLength(out, outOffset, value.size());
    }
  }

  @Override
  public JsonNode toJson(final List<E> value) {
    final ArrayNode array = Json.NODES.arrayNode(value.size());
    for (final E item : value) {
      array.add(element.toJson(item));
    }
    return array;
  }

  @Override
  public List<E> fromJson(final JsonNode json) {
    if (json == null || !json.isArray()) {
      throw new SszException("expected a JSON array for " + this);
    }
    checkCount(json.size());
    final Object[] items = new Object[json.size()];
    for (int i = 0; i < items.length; i++) {
      try {
        items[i] = element.fromJson(json.get(i));
      } catch (final SszException e) {
        throw e.within("[" + i + "]");
      }
    }
    @SuppressWarnings("unchecked")
    final List<E> list = (List<E>) Arrays.asList(items);
    return List.copyOf(list);
  }

  @Override
  public String toString() {
    return (isList ? "List[" : "Vector[") + element + ", " + bound + "]";
  }
}
