package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.Schemas;
import io.dvc.spec.types.SignedVoluntaryExit;
import java.util.Map;

/**
 * {@code POST /eth/v1/beacon/pool/voluntary_exits} (one {@code SignedVoluntaryExit}) to every
 * beacon node; succeeds when one accepts it into its pool, else fails naming every node's answer.
 */
public final class SubmitVoluntaryExit implements BeaconRequest<Accepted> {
  private static final String ENDPOINT = "/eth/v1/beacon/pool/voluntary_exits";
  private final String body;

  public SubmitVoluntaryExit(final SignedVoluntaryExit exit) {
    this.body = Schemas.MAINNET.signedVoluntaryExit.toJson(exit).toString();
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
