package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /eth/v1/validator/sync_committee_subscriptions} ({@code [{validator_index,
 * sync_committee_indices, until_epoch}]}) to every beacon node, so each subscribes to the sync
 * subnets of the cluster's members; succeeds when one node accepts.
 */
public final class PostSyncCommitteeSubscriptions implements BeaconRequest<Accepted> {
  private static final String ENDPOINT = "/eth/v1/validator/sync_committee_subscriptions";
  private final String body;

  public PostSyncCommitteeSubscriptions(final List<SyncCommitteeSubscription> subscriptions) {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode(subscriptions.size());
    subscriptions.forEach(s -> array.add(ApiTypes.SYNC_COMMITTEE_SUBSCRIPTION.toJson(s)));
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
    return 64 << 10;
  }

  @Override
  public Accepted read(final BeaconAnswer answer) {
    answer.requireSuccess(ENDPOINT);
    return Accepted.ACCEPTED;
  }
}
