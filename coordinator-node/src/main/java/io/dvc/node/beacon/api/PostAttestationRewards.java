package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ssz.Ssz;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /eth/v1/beacon/rewards/attestations/{epoch}} with validator indices: each validator's
 * head, target and source reward of the epoch (signed Gwei as decimal strings). Refused: an entry
 * for a validator not asked for or listed twice, a missing or non-integer amount.
 */
public final class PostAttestationRewards implements BeaconRequest<List<AttestationReward>> {
  private static final String ENDPOINT = "/eth/v1/beacon/rewards/attestations/{epoch}";

  private final long epoch;
  private final List<Long> validatorIndices;

  public PostAttestationRewards(final long epoch, final List<Long> validatorIndices) {
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
        "/eth/v1/beacon/rewards/attestations/" + Long.toUnsignedString(epoch),
        Answers.indicesJson(validatorIndices),
        Map.of());
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(16 << 10, 256, validatorIndices.size());
  }

  @Override
  public List<AttestationReward> read(final BeaconAnswer answer) {
    final JsonNode total = answer.data(ENDPOINT).get("total_rewards");
    if (total == null || !total.isArray()) {
      throw Answers.invalid(answer, ENDPOINT, "data has no total_rewards array");
    }
    final Set<Long> asked = new HashSet<>(validatorIndices);
    final Set<Long> seen = new HashSet<>();
    final List<AttestationReward> rewards = new ArrayList<>(total.size());
    for (int i = 0; i < total.size(); i++) {
      final JsonNode entry = total.get(i);
      final String where = "total_rewards[" + i + "]";
      final long index =
          Answers.read(answer, ENDPOINT, entry.get("validator_index"), where, Ssz.UINT64);
      if (!asked.contains(index) || !seen.add(index)) {
        throw Answers.invalid(
            answer,
            ENDPOINT,
            where + ": validator " + Long.toUnsignedString(index) + " not asked for or twice");
      }
      rewards.add(
          new AttestationReward(
              index,
              gwei(answer, entry, "head", where),
              gwei(answer, entry, "target", where),
              gwei(answer, entry, "source", where)));
    }
    return List.copyOf(rewards);
  }

  private static long gwei(
      final BeaconAnswer answer, final JsonNode entry, final String field, final String where) {
    final JsonNode value = entry.get(field);
    final String text = value == null ? "" : value.asText();
    if (value == null || !value.isValueNode() || !text.matches("-?[0-9]{1,19}")) {
      throw Answers.invalid(answer, ENDPOINT, where + "." + field + " is not a Gwei amount");
    }
    try {
      return Long.parseLong(text);
    } catch (final NumberFormatException e) {
      throw Answers.invalid(answer, ENDPOINT, where + "." + field + " is out of range");
    }
  }
}
