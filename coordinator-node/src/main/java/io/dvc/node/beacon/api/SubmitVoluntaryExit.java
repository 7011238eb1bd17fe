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
 *
 * <p>Every operator submits the same combined exit, so all but the first may hear that the node has
 * it already; that counts as accepted: an answer that says "already known" ({@link
 * BeaconAnswer#saysAlreadyKnown}, e.g. Lodestar 1.5.1's {@code 500 PublishError.Duplicate} when two
 * submissions race past its pool check), or Lodestar's {@code VOLUNTARY_EXIT_ERROR_ALREADY_EXISTS}
 * (its pool holds a valid exit of that validator: the first valid one wins, and the validator exits
 * either way).
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
    if (answer.saysAlreadyKnown() || saysAlreadyExists(answer)) {
      return Accepted.ACCEPTED;
    }
    answer.requireSuccess(ENDPOINT);
    return Accepted.ACCEPTED;
  }

  private static boolean saysAlreadyExists(final BeaconAnswer answer) {
    return !answer.isSuccess()
        && new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)
            .contains("VOLUNTARY_EXIT_ERROR_ALREADY_EXISTS");
  }
}
