package io.dvc.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.ssz.Json;
import io.dvc.spec.ssz.SszException;
import io.dvc.spec.testing.RandomValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Random values of every type of every fork, both presets: JSON ↔ object ↔ SSZ round trips. */
class SszRoundTripProperties {
  private static final Map<String, ContainerType<Object>> TYPES = allTypes();

  @SuppressWarnings("unchecked")
  private static Map<String, ContainerType<Object>> allTypes() {
    final Map<String, ContainerType<Object>> types = new LinkedHashMap<>();
    for (final Preset preset : List.of(Preset.MAINNET, Preset.MINIMAL)) {
      for (final ForkName fork : ForkName.values()) {
        Schemas.forPreset(preset)
            .at(fork)
            .byName()
            .forEach(
                (name, type) ->
                    types.put(
                        preset.name() + "." + fork.jsonName() + "." + name,
                        (ContainerType<Object>) type));
      }
    }
    return types;
  }

  @Property(tries = 12)
  void everyTypeRoundTripsThroughJsonAndSsz(@ForAll final long seed) {
    assertThat(TYPES).hasSizeGreaterThan(250);
    int index = 0;
    for (final Map.Entry<String, ContainerType<Object>> entry : TYPES.entrySet()) {
      final ContainerType<Object> type = entry.getValue();
      final Object value = new RandomValues(seed + 31L * index++).of(type);
      final JsonNode json = type.toJson(value);
      final Object fromJson = type.fromJson(Json.parse(Json.write(json)));
      assertThat(fromJson).as(entry.getKey() + " JSON round trip").isEqualTo(value);
      final byte[] ssz = type.serialize(value);
      final Object fromSsz = type.deserialize(ssz);
      assertThat(fromSsz).as(entry.getKey() + " SSZ round trip").isEqualTo(value);
      assertThat(type.toJson(fromSsz)).as(entry.getKey() + " JSON of SSZ").isEqualTo(json);
      assertThat(type.hashTreeRoot(fromSsz))
          .as(entry.getKey() + " root")
          .isEqualTo(type.hashTreeRoot(fromJson));
    }
  }

  /**
   * Arbitrary bytes either fail with SszException or are the canonical SSZ of what they decode to.
   */
  @Property(tries = 12)
  void arbitraryBytesAreRejectedCleanlyOrCanonical(@ForAll final long seed) {
    final Random random = new Random(seed);
    final List<String> names = new ArrayList<>(TYPES.keySet());
    for (final String name : names) {
      final ContainerType<Object> type = TYPES.get(name);
      final byte[] bytes = mutated(type, random);
      try {
        final Object value = type.deserialize(bytes);
        assertThat(type.serialize(value)).as(name).isEqualTo(bytes);
      } catch (final SszException expected) {
        assertThat(expected.getMessage()).as(name).isNotBlank();
      }
    }
  }

  /** JSON with one leaf replaced by junk either fails with SszException or still decodes. */
  @Property(tries = 12)
  void corruptedJsonIsRejectedCleanly(@ForAll final long seed) {
    final Random random = new Random(seed);
    final JsonNode[] junk = {
      Json.parse("null"),
      Json.parse("-1"),
      Json.parse("\"0xzz\""),
      Json.parse("[]"),
      Json.parse("{}"),
      Json.parse("\"18446744073709551616\""),
      Json.parse("true"),
      Json.parse("\"0x\""),
      Json.parse("1.5")
    };
    for (final Map.Entry<String, ContainerType<Object>> entry : TYPES.entrySet()) {
      final ContainerType<Object> type = entry.getValue();
      final JsonNode json = type.toJson(new RandomValues(random.nextLong()).of(type));
      replaceRandomLeaf(json, junk[random.nextInt(junk.length)], random);
      try {
        type.validate(type.fromJson(json));
      } catch (final SszException expected) {
        assertThat(expected.getMessage()).as(entry.getKey()).isNotBlank();
      }
    }
  }

  private static void replaceRandomLeaf(
      final JsonNode node, final JsonNode junk, final Random random) {
    if (node.isObject()) {
      final List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      final String name = names.get(random.nextInt(names.size()));
      final JsonNode child = node.get(name);
      if (child.isContainerNode() && child.size() > 0 && random.nextInt(4) != 0) {
        replaceRandomLeaf(child, junk, random);
      } else {
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).set(name, junk);
      }
    } else if (node.isArray() && node.size() > 0) {
      final int index = random.nextInt(node.size());
      final JsonNode child = node.get(index);
      if (child.isContainerNode() && child.size() > 0 && random.nextInt(4) != 0) {
        replaceRandomLeaf(child, junk, random);
      } else {
        ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(index, junk);
      }
    }
  }

  /** A valid encoding with a few bytes changed, truncated or extended. */
  private static byte[] mutated(final ContainerType<Object> type, final Random random) {
    final byte[] valid = type.serialize(new RandomValues(random.nextLong()).of(type));
    byte[] bytes = valid.clone();
    switch (random.nextInt(3)) {
      case 0 -> {
        for (int i = 0; i < 3 && bytes.length > 0; i++) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      default -> bytes = java.util.Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(8));
    }
    return bytes;
  }
}
