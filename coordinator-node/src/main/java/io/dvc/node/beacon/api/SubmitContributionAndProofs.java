package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.node.beacon.NodeResult;
import io.dvc.spec.ssz.SszType;
import io.dvc.spec.types.SignedContributionAndProof;
import java.util.List;
import java.util.Map;

/**
 * Signed sync contributions to every beacon node: {@code POST
 * /eth/v1/validator/contribution_and_proofs} ({@code SignedContributionAndProof[]}). A 400 answer
 * with indexed {@code failures} rejects those elements; an element is rejected only when every node
 * that answered rejected it.
 */
public final class SubmitContributionAndProofs implements BeaconRequest<SubmitResult> {
  private static final String ENDPOINT = "/eth/v1/validator/contribution_and_proofs";
  private final int count;
  private final String body;

  public SubmitContributionAndProofs(
      final List<SignedContributionAndProof> contributions,
      final SszType<SignedContributionAndProof> type) {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode(contributions.size());
    contributions.forEach(c -> array.add(type.toJson(c)));
    this.count = contributions.size();
    this.body = array.toString();
  }

  @Override
  public Kind kind() {
    return Kind.WRITE;
  }

  @Override
  public HttpForm form() {
    return HttpForm.postJson(ENDPOINT, body, Map.of());
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(64 << 10, 512, count);
  }

  @Override
  public SubmitResult read(final BeaconAnswer answer) {
    return Answers.indexedResult(answer, ENDPOINT, count);
  }

  @Override
  public SubmitResult merge(final List<NodeResult<SubmitResult>> results) {
    return Answers.mergeIndexed(results, ENDPOINT);
  }
}
