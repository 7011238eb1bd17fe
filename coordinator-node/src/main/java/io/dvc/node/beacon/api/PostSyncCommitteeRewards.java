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
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /eth/v1/beacon/rewards/sync_committee/{block_id}} with validator indices: the reward
 * of each asked validator that sits in the sync committee for the sync aggregate of the block at a
 * slot (the signatures of the slot before it), or empty when the slot has no block (404). Refused:
 * an entry for a validator not asked for or listed twice, a reward that is not a signed integer.
 */
public final class PostSyncCommitteeRewards
    implements BeaconRequest<Optional<List<SyncCommitteeReward>>> {
  private static final String ENDPOINT = "/eth/v1/beacon/rewards/sync_committee/{block_id}";

  private final long slot;
  private final List<Long> validatorIndices;

  public PostSyncCommitteeRewards(final long slot, final List<Long> validatorIndices) {
    this.slot = slot;
    this.validatorIndices = List.copyOf(validatorIndices);
  }

  public long slot() {
    return slot;
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
        "/eth/v1/beacon/rewards/sync_committee/" + Long.toUnsignedString(slot),
        Answers.indicesJson(validatorIndices),
        Map.of());
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(16 << 10, 128, validatorIndices.size());
  }

  @Override
  public Optional<List<SyncCommitteeReward>> read(final BeaconAnswer answer) {
    if (answer.status() == 404) {
      return Optional.empty();
    }
    final JsonNode data = answer.data(ENDPOINT);
    if (!data.isArray()) {
      throw Answers.invalid(answer, ENDPOINT, "data is not an array");
    }
    final Set<Long> asked = new HashSet<>(validatorIndices);
    final Set<Long> seen = new HashSet<>();
    final List<SyncCommitteeReward> rewards = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      final JsonNode entry = data.get(i);
      final String where = "data[" + i + "]";
      final long index =
          Answers.read(answer, ENDPOINT, entry.get("validator_index"), where, Ssz.UINT64);
      if (!asked.contains(index) || !seen.add(index)) {
        throw Answers.invalid(
            answer,
            ENDPOINT,
            where + ": validator " + Long.toUnsignedString(index) + " not asked for or twice");
      }
      final JsonNode value = entry.get("reward");
      final String text = value == null ? "" : value.asText();
      if (value == null || !value.isValueNode() || !text.matches("-?[0-9]{1,19}")) {
        throw Answers.invalid(answer, ENDPOINT, where + ".reward is not a Gwei amount");
      }
      final long reward;
      try {
        reward = Long.parseLong(text);
      } catch (final NumberFormatException e) {
        throw Answers.invalid(answer, ENDPOINT, where + ".reward is out of range");
      }
      rewards.add(new SyncCommitteeReward(index, reward));
    }
    return Optional.of(List.copyOf(rewards));
  }
}
