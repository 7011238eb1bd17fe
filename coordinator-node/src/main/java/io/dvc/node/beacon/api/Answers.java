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

  /**
   * The result of a write of {@code count} elements: success, or a 400 answer with the Beacon API's
   * indexed error ({@code failures: [{index, message}]}, positions within the array) read as those
   * elements rejected; an element (or a whole error answer) saying the node already has it counts
   * as accepted (every operator submits the same message); any other answer (or a position outside
   * the array) is an error.
   */
  static SubmitResult indexedResult(
      final BeaconAnswer answer, final String endpoint, final int count) {
    if (answer.isSuccess()) {
      return SubmitResult.ACCEPTED;
    }
    if (answer.status() == 400) {
      final java.util.Optional<SubmitResult> failures = indexedFailures(answer, endpoint, count);
      if (failures.isPresent()) {
        return failures.get();
      }
    }
    if (answer.saysAlreadyKnown()) {
      return SubmitResult.ACCEPTED; // another operator of the cluster submitted it first
    }
    answer.requireSuccess(endpoint);
    throw new IllegalStateException("unreachable");
  }

  private static java.util.Optional<SubmitResult> indexedFailures(
      final BeaconAnswer answer, final String endpoint, final int count) {
    final JsonNode failures;
    try {
      failures = answer.json(endpoint).path("failures");
    } catch (final BeaconApiException notJson) {
      return java.util.Optional.empty();
    }
    if (!failures.isArray() || failures.isEmpty()) {
      return java.util.Optional.empty();
    }
    final java.util.Map<Integer, String> rejected = new java.util.TreeMap<>();
    for (final JsonNode failure : failures) {
      final JsonNode index = failure.path("index");
      final int position =
          index.isIntegralNumber() && index.canConvertToInt()
              ? index.asInt()
              : index.isTextual() && index.asText().matches("\\d{1,9}")
                  ? Integer.parseInt(index.asText())
                  : -1;
      if (position < 0 || position >= count) {
        return java.util.Optional.empty();
      }
      final String message = failure.path("message").asText("rejected");
      if (!BeaconAnswer.isAlreadyKnown(message)) {
        rejected.put(position, Untrusted.escape(message, 200));
      }
    }
    return java.util.Optional.of(new SubmitResult(rejected));
  }

  /**
   * Merges every node's result of an indexed write: an element is rejected only when every node
   * that answered rejected it (with the first such node's message); fails when no node answered.
   */
  static SubmitResult mergeIndexed(
      final List<io.dvc.node.beacon.NodeResult<SubmitResult>> results, final String endpoint) {
    java.util.Map<Integer, String> rejected = null;
    final List<String> errors = new ArrayList<>();
    for (final io.dvc.node.beacon.NodeResult<SubmitResult> result : results) {
      if (result.value().isEmpty()) {
        errors.add(result.error().orElse(result.node()));
      } else if (rejected == null) {
        rejected = new java.util.TreeMap<>(result.value().get().rejected());
      } else {
        rejected.keySet().retainAll(result.value().get().rejected().keySet());
      }
    }
    if (rejected == null) {
      throw new BeaconApiException(
          "every beacon node refused " + endpoint + ": " + String.join("; ", errors), -1);
    }
    return new SubmitResult(rejected);
  }
}
