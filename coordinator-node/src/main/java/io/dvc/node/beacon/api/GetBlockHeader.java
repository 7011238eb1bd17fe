package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Ssz;
import java.util.Optional;

/**
 * {@code GET /eth/v1/beacon/headers/{slot}}: the canonical block of a slot, or empty when the slot
 * has none (404). Refused: a header of another slot.
 */
public final class GetBlockHeader implements BeaconRequest<Optional<BlockHeaderInfo>> {
  private static final String ENDPOINT = "/eth/v1/beacon/headers/{block_id}";

  private final long slot;

  public GetBlockHeader(final long slot) {
    this.slot = slot;
  }

  @Override
  public Kind kind() {
    return Kind.READ;
  }

  @Override
  public String endpoint() {
    return ENDPOINT;
  }

  @Override
  public HttpForm form() {
    return HttpForm.get("/eth/v1/beacon/headers/" + Long.toUnsignedString(slot));
  }

  @Override
  public int maxAnswerBytes() {
    return 16 << 10;
  }

  @Override
  public Optional<BlockHeaderInfo> read(final BeaconAnswer answer) {
    if (answer.status() == 404) {
      return Optional.empty();
    }
    final JsonNode data = answer.data(ENDPOINT);
    final JsonNode message = data.path("header").path("message");
    final long headerSlot =
        Answers.read(answer, ENDPOINT, message.get("slot"), "header.message.slot", Ssz.UINT64);
    if (headerSlot != slot) {
      throw Answers.invalid(
          answer,
          ENDPOINT,
          "header of slot "
              + Long.toUnsignedString(headerSlot)
              + " for slot "
              + Long.toUnsignedString(slot));
    }
    final long proposer =
        Answers.read(
            answer,
            ENDPOINT,
            message.get("proposer_index"),
            "header.message.proposer_index",
            Ssz.UINT64);
    final Bytes root = Answers.read(answer, ENDPOINT, data.get("root"), "root", Ssz.BYTES32);
    return Optional.of(new BlockHeaderInfo(headerSlot, proposer, root));
  }
}
