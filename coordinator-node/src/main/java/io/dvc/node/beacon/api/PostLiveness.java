package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /eth/v1/validator/liveness/{epoch}} with validator indices: whether the beacon node
 * saw each validator active in the epoch (e.g. its attestation). Refused: an entry for a validator
 * not asked for, or listed twice.
 */
public final class PostLiveness implements BeaconRequest<List<ValidatorLiveness>> {
  private static final String ENDPOINT = "/eth/v1/validator/liveness/{epoch}";

  private final long epoch;
  private final List<Long> validatorIndices;

  public PostLiveness(final long epoch, final List<Long> validatorIndices) {
    this.epoch = epoch;
    this.validatorIndices = List.copyOf(validatorIndices);
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
    return HttpForm.postJson(
        "/eth/v1/validator/liveness/" + Long.toUnsignedString(epoch),
        Answers.indicesJson(validatorIndices),
        Map.of());
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(16 << 10, 128, validatorIndices.size());
  }

  @Override
  public List<ValidatorLiveness> read(final BeaconAnswer answer) {
    final List<ValidatorLiveness> entries = Answers.dataList(answer, ENDPOINT, ApiTypes.LIVENESS);
    final Set<Long> asked = new HashSet<>(validatorIndices);
    final Set<Long> seen = new HashSet<>();
    for (final ValidatorLiveness entry : entries) {
      final String which = "validator " + Long.toUnsignedString(entry.index());
      if (!asked.contains(entry.index())) {
        throw Answers.invalid(answer, ENDPOINT, which + " not asked for");
      }
      if (!seen.add(entry.index())) {
        throw Answers.invalid(answer, ENDPOINT, which + " appears twice");
      }
    }
    return entries;
  }
}
