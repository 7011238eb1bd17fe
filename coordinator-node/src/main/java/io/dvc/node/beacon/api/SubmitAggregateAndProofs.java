package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.node.beacon.NodeResult;
import io.dvc.spec.ForkName;
import io.dvc.spec.ssz.SszType;
import io.dvc.spec.types.SignedAggregateAndProof;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signed aggregates to every beacon node: {@code POST /eth/v2/validator/aggregate_and_proofs} with
 * {@code Eth-Consensus-Version}; before Electra the older form is {@code POST
 * /eth/v1/validator/aggregate_and_proofs} (same body, no header). A 400 answer with indexed {@code
 * failures} rejects those elements; an element is rejected only when every node that answered
 * rejected it.
 */
public final class SubmitAggregateAndProofs implements BeaconRequest<SubmitResult> {
  private static final String V2 = "/eth/v2/validator/aggregate_and_proofs";
  private static final String V1 = "/eth/v1/validator/aggregate_and_proofs";

  private final ForkName fork;
  private final int count;
  private final String body;
  private final boolean v1;

  public SubmitAggregateAndProofs(
      final ForkName fork,
      final List<SignedAggregateAndProof> aggregates,
      final SszType<SignedAggregateAndProof> type) {
    this(fork, aggregates.size(), json(aggregates, type), false);
  }

  private SubmitAggregateAndProofs(
      final ForkName fork, final int count, final String body, final boolean v1) {
    this.fork = fork;
    this.count = count;
    this.body = body;
    this.v1 = v1;
  }

  private static String json(
      final List<SignedAggregateAndProof> aggregates, final SszType<SignedAggregateAndProof> type) {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode(aggregates.size());
    aggregates.forEach(a -> array.add(type.toJson(a)));
    return array.toString();
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
        : Optional.of(new SubmitAggregateAndProofs(fork, count, body, true));
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(64 << 10, 512, count);
  }

  @Override
  public SubmitResult read(final BeaconAnswer answer) {
    return Answers.indexedResult(answer, endpoint(), count);
  }

  @Override
  public SubmitResult merge(final List<NodeResult<SubmitResult>> results) {
    return Answers.mergeIndexed(results, endpoint());
  }
}
