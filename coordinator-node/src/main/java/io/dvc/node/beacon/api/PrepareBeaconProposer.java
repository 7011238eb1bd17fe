package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /eth/v1/validator/prepare_beacon_proposer} ({@code [{validator_index,
 * fee_recipient}]}) to every beacon node, each epoch and on reconnect; succeeds when one accepts.
 */
public final class PrepareBeaconProposer implements BeaconRequest<Accepted> {
  private static final String ENDPOINT = "/eth/v1/validator/prepare_beacon_proposer";
  private final String body;

  /** Fails (IllegalArgumentException) on a fee recipient that is not 20 bytes. */
  public PrepareBeaconProposer(final List<ProposerPreparation> preparations) {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode(preparations.size());
    for (final ProposerPreparation preparation : preparations) {
      if (preparation.feeRecipient().size() != 20) {
        throw new IllegalArgumentException(
            "fee recipient of validator "
                + Long.toUnsignedString(preparation.validatorIndex())
                + " is not 20 bytes");
      }
      array.add(ApiTypes.PROPOSER_PREPARATION.toJson(preparation));
    }
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
