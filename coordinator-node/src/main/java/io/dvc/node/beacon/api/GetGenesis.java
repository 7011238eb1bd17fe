package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;

/** {@code GET /eth/v1/beacon/genesis}: genesis time, validators root and fork version. */
public final class GetGenesis implements BeaconRequest<Genesis> {
  private static final String ENDPOINT = "/eth/v1/beacon/genesis";

  @Override
  public Kind kind() {
    return Kind.READ;
  }

  @Override
  public HttpForm form() {
    return HttpForm.get(ENDPOINT);
  }

  @Override
  public Genesis read(final BeaconAnswer answer) {
    return Answers.read(answer, ENDPOINT, answer.data(ENDPOINT), "data", ApiTypes.GENESIS);
  }

  @Override
  public int maxAnswerBytes() {
    return 16 << 10;
  }
}
