package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.Untrusted;
import io.dvc.spec.ssz.SszType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reading and checking answers: shared by the request classes of this package. */
final class Answers {
  private Answers() {}

  /** A refusal of the answer: that node's failure, naming node, endpoint and reason. */
  static BeaconApiException invalid(
      final BeaconAnswer answer, final String endpoint, final String reason) {
    return new BeaconApiException(
        answer.node() + endpoint + ": " + Untrusted.escape(reason, 300), answer.status());
  }

  /** The {@code data} array, each element read with {@code type}; failures name the position. */
  static <T> List<T> dataList(
      final BeaconAnswer answer, final String endpoint, final SszType<T> type) {
    return list(answer, endpoint, answer.data(endpoint), "data", type);
  }

  static <T> List<T> list(
      final BeaconAnswer answer,
      final String endpoint,
      final JsonNode array,
      final String name,
      final SszType<T> type) {
    if (!array.isArray()) {
      throw invalid(answer, endpoint, name + " is not an array");
    }
    final List<T> values = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      values.add(read(answer, endpoint, array.get(i), name + "[" + i + "]", type));
    }
    return List.copyOf(values);
  }

  /** One value read with {@code type}; a bad value is that node's failure. */
  static <T> T read(
      final BeaconAnswer answer,
      final String endpoint,
      final JsonNode json,
      final String name,
      final SszType<T> type) {
    try {
      return type.fromJson(json);
    } catch (final RuntimeException e) {
      throw invalid(answer, endpoint, name + ": " + e.getMessage());
    }
  }

  /** A top-level field of the answer next to {@code data}, e.g. {@code dependent_root}. */
  static JsonNode topLevel(final BeaconAnswer answer, final String endpoint, final String name) {
    final JsonNode value = answer.json(endpoint).get(name);
    if (value == null || value.isNull()) {
      throw invalid(answer, endpoint, "answer has no '" + name + "' field");
    }
    return value;
  }

  /** A JSON array of decimal strings, as the Beacon API wants indices. */
  static String indicesJson(final Collection<Long> indices) {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode();
    indices.forEach(index -> array.add(Long.toUnsignedString(index)));
    return array.toString();
  }

  /** The first slot of the epoch, and whether {@code slot} lies in it. */
  static boolean inEpoch(final long slot, final long epoch, final long slotsPerEpoch) {
    return Long.compareUnsigned(slot, epoch * slotsPerEpoch) >= 0
        && Long.compareUnsigned(slot, (epoch + 1) * slotsPerEpoch) < 0;
  }

  /** A body bound: a fixed allowance plus so much per element asked for. */
  static int bound(final int fixed, final int perElement, final int elements) {
    return (int) Math.min(Integer.MAX_VALUE - 8, fixed + (long) perElement * elements);
  }
}
