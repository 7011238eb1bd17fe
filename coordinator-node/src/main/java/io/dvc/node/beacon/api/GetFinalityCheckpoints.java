package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ssz.Ssz;

/**
 * {@code GET /eth/v1/beacon/states/head/finality_checkpoints}: the justified and finalized epochs.
 * Refused: a finalized epoch after the justified one.
 */
public final class GetFinalityCheckpoints implements BeaconRequest<FinalityCheckpoints> {
  private static final String ENDPOINT = "/eth/v1/beacon/states/head/finality_checkpoints";

  @Override
  public Kind kind() {
    return Kind.READ;
  }

  @Override
  public HttpForm form() {
    return HttpForm.get(ENDPOINT);
  }

  @Override
  public int maxAnswerBytes() {
    return 16 << 10;
  }

  @Override
  public FinalityCheckpoints read(final BeaconAnswer answer) {
    final JsonNode data = answer.data(ENDPOINT);
    final long justified =
        Answers.read(
            answer,
            ENDPOINT,
            data.path("current_justified").get("epoch"),
            "current_justified.epoch",
            Ssz.UINT64);
    final long finalized =
        Answers.read(
            answer, ENDPOINT, data.path("finalized").get("epoch"), "finalized.epoch", Ssz.UINT64);
    if (Long.compareUnsigned(finalized, justified) > 0) {
      throw Answers.invalid(answer, ENDPOINT, "finalized epoch after the justified epoch");
    }
    return new FinalityCheckpoints(justified, finalized);
  }
}
