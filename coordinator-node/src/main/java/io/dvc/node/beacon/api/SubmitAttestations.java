package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.node.beacon.NodeResult;
import io.dvc.node.beacon.Untrusted;
import io.dvc.spec.ForkName;
import io.dvc.spec.ssz.SszType;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.SingleAttestation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Attestations to every beacon node: {@code POST /eth/v2/beacon/pool/attestations} with {@code
 * Eth-Consensus-Version} ({@code SingleAttestation[]} from Electra on, phase0 {@code Attestation[]}
 * before). Before Electra the older form is {@code /eth/v1/beacon/pool/attestations} (same body, no
 * header); from Electra on there is none (v1 cannot carry the Electra form).
 *
 * <p>A 400 answer with {@code failures: [{index, message}]} is read as those elements rejected (a
 * position outside the array makes the answer unusable). An element the node says it already has
 * (another operator of the cluster submitted it first) is accepted, and so is a whole error answer
 * that says so ({@link BeaconAnswer#saysAlreadyKnown}). The merged result rejects an element only
 * when every node that answered rejected it; it fails when no node answered.
 */
public final class SubmitAttestations implements BeaconRequest<SubmitResult> {
  private static final String V2 = "/eth/v2/beacon/pool/attestations";
  private static final String V1 = "/eth/v1/beacon/pool/attestations";

  private final ForkName fork;
  private final int count;
  private final String body;
  private final boolean v1;

  private SubmitAttestations(
      final ForkName fork, final int count, final String body, final boolean v1) {
    this.fork = fork;
    this.count = count;
    this.body = body;
    this.v1 = v1;
  }

  /** Electra and later: {@code SingleAttestation[]}. */
  public static SubmitAttestations singles(
      final ForkName fork,
      final List<SingleAttestation> attestations,
      final SszType<SingleAttestation> type) {
    if (!fork.isAtLeast(ForkName.ELECTRA)) {
      throw new IllegalArgumentException("SingleAttestation is Electra's form, not " + fork);
    }
    return new SubmitAttestations(fork, attestations.size(), json(attestations, type), false);
  }

  /** Before Electra: phase0 {@code Attestation[]} (e.g. {@code schemas.phase0Attestation}). */
  public static SubmitAttestations phase0(
      final ForkName fork, final List<Attestation> attestations, final SszType<Attestation> type) {
    if (fork.isAtLeast(ForkName.ELECTRA)) {
      throw new IllegalArgumentException("from Electra on attestations are SingleAttestation[]");
    }
    return new SubmitAttestations(fork, attestations.size(), json(attestations, type), false);
  }

  private static <A> String json(final List<A> attestations, final SszType<A> type) {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode(attestations.size());
    attestations.forEach(a -> array.add(type.toJson(a)));
    return array.toString();
  }

  /** How many attestations the submission holds. */
  public int count() {
    return count;
  }

  @Override
  public Kind kind() {
    return Kind.WRITE;
  }

  @Override
  public HttpForm form() {
    return v1
        ? HttpForm.postJson(V1, body, Map.of())
        : HttpForm.postJson(V2, body, Map.of("Eth-Consensus-Version", fork.jsonName()));
  }

  @Override
  public Optional<BeaconRequest<SubmitResult>> olderForm() {
    return v1 || fork.isAtLeast(ForkName.ELECTRA)
        ? Optional.empty()
        : Optional.of(new SubmitAttestations(fork, count, body, true));
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(64 << 10, 512, count);
  }

  @Override
  public SubmitResult read(final BeaconAnswer answer) {
    if (answer.isSuccess()) {
      return SubmitResult.ACCEPTED;
    }
    if (answer.status() == 400) {
      final Optional<SubmitResult> failures = failures(answer);
      if (failures.isPresent()) {
        return failures.get();
      }
    }
    if (answer.saysAlreadyKnown()) {
      return SubmitResult.ACCEPTED;
    }
    answer.requireSuccess(endpoint());
    throw new IllegalStateException("unreachable");
  }

  /** The Beacon API's indexed error: {@code failures: [{index, message}]} within the array. */
  private Optional<SubmitResult> failures(final BeaconAnswer answer) {
    final JsonNode failures;
    try {
      failures = answer.json(endpoint()).path("failures");
    } catch (final BeaconApiException notJson) {
      return Optional.empty();
    }
    if (!failures.isArray() || failures.isEmpty()) {
      return Optional.empty();
    }
    final Map<Integer, String> rejected = new TreeMap<>();
    for (final JsonNode failure : failures) {
      final JsonNode index = failure.path("index");
      final int position =
          index.isIntegralNumber() && index.canConvertToInt()
              ? index.asInt()
              : index.isTextual() && index.asText().matches("\\d{1,9}")
                  ? Integer.parseInt(index.asText())
                  : -1;
      if (position < 0 || position >= count) {
        return Optional.empty();
      }
      final String message = failure.path("message").asText("rejected");
      if (!BeaconAnswer.isAlreadyKnown(message)) {
        rejected.put(position, Untrusted.escape(message, 200));
      }
    }
    return Optional.of(new SubmitResult(rejected));
  }

  /**
   * An element is rejected only when every node that answered rejected it (with the first such
   * node's message); fails when no node answered.
   */
  @Override
  public SubmitResult merge(final List<NodeResult<SubmitResult>> results) {
    Map<Integer, String> rejected = null;
    final List<String> errors = new ArrayList<>();
    for (final NodeResult<SubmitResult> result : results) {
      if (result.value().isEmpty()) {
        errors.add(result.error().orElse(result.node()));
      } else if (rejected == null) {
        rejected = new TreeMap<>(result.value().get().rejected());
      } else {
        rejected.keySet().retainAll(result.value().get().rejected().keySet());
      }
    }
    if (rejected == null) {
      throw new BeaconApiException(
          "every beacon node refused " + endpoint() + ": " + String.join("; ", errors), -1);
    }
    return new SubmitResult(rejected);
  }
}
