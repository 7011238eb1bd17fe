package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.node.beacon.NodeResult;
import io.dvc.spec.ssz.SszType;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.util.List;
import java.util.Map;

/**
 * Sync-committee messages to every beacon node: {@code POST /eth/v1/beacon/pool/sync_committees}
 * ({@code [{slot, beacon_block_root, validator_index, signature}]}). A 400 answer with indexed
 * {@code failures} rejects those elements; an element is rejected only when every node that
 * answered rejected it.
 */
public final class SubmitSyncCommitteeMessages implements BeaconRequest<SubmitResult> {
  private static final String ENDPOINT = "/eth/v1/beacon/pool/sync_committees";
  private final int count;
  private final String body;

  public SubmitSyncCommitteeMessages(
      final List<SyncCommitteeMessage> messages, final SszType<SyncCommitteeMessage> type) {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode(messages.size());
    messages.forEach(m -> array.add(type.toJson(m)));
    this.count = messages.size();
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
