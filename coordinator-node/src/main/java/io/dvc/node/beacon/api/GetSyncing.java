package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ssz.Ssz;

/** {@code GET /eth/v1/node/syncing}. */
public final class GetSyncing implements BeaconRequest<SyncStatus> {
  private static final String ENDPOINT = "/eth/v1/node/syncing";

  @Override
  public Kind kind() {
    return Kind.READ;
  }

  @Override
  public HttpForm form() {
    return HttpForm.get(ENDPOINT);
  }

  @Override
  public SyncStatus read(final BeaconAnswer answer) {
    final JsonNode data = answer.data(ENDPOINT);
    return new SyncStatus(
        Answers.read(answer, ENDPOINT, data.get("head_slot"), "head_slot", Ssz.UINT64),
        Answers.read(answer, ENDPOINT, data.get("sync_distance"), "sync_distance", Ssz.UINT64),
        Answers.read(answer, ENDPOINT, data.get("is_syncing"), "is_syncing", Ssz.BOOLEAN),
        optionalFlag(answer, data, "is_optimistic"),
        optionalFlag(answer, data, "el_offline"));
  }

  private static boolean optionalFlag(
      final BeaconAnswer answer, final JsonNode data, final String name) {
    final JsonNode value = data.get(name);
    return value != null
        && !value.isNull()
        && Answers.read(answer, ENDPOINT, value, name, Ssz.BOOLEAN);
  }

  @Override
  public int maxAnswerBytes() {
    return 16 << 10;
  }
}
