package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /eth/v1/validator/duties/sync/{epoch}} with the validator indices.
 *
 * <p>Refused: a duty for a validator not asked for or listed twice, a duty with no position, a
 * position not below {@code syncCommitteeSize} (SYNC_COMMITTEE_SIZE of the preset).
 */
public final class PostSyncDuties implements BeaconRequest<List<SyncDuty>> {
  private static final String ENDPOINT = "/eth/v1/validator/duties/sync/{epoch}";

  private final long epoch;
  private final List<Long> validatorIndices;
  private final long syncCommitteeSize;

  public PostSyncDuties(
      final long epoch, final List<Long> validatorIndices, final long syncCommitteeSize) {
    this.epoch = epoch;
    this.validatorIndices = List.copyOf(validatorIndices);
    this.syncCommitteeSize = syncCommitteeSize;
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
        "/eth/v1/validator/duties/sync/" + Long.toUnsignedString(epoch),
        Answers.indicesJson(validatorIndices),
        Map.of());
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(64 << 10, 512, validatorIndices.size());
  }

  @Override
  public List<SyncDuty> read(final BeaconAnswer answer) {
    final List<SyncDuty> duties = Answers.dataList(answer, ENDPOINT, ApiTypes.SYNC_DUTY);
    final Set<Long> asked = new HashSet<>(validatorIndices);
    final Set<Long> seen = new HashSet<>();
    for (final SyncDuty duty : duties) {
      final String which = "sync duty of validator " + Long.toUnsignedString(duty.validatorIndex());
      if (!asked.contains(duty.validatorIndex())) {
        throw Answers.invalid(answer, ENDPOINT, which + ": validator not asked for");
      }
      if (!seen.add(duty.validatorIndex())) {
        throw Answers.invalid(answer, ENDPOINT, which + " appears twice");
      }
      if (duty.validatorSyncCommitteeIndices().isEmpty()) {
        throw Answers.invalid(answer, ENDPOINT, which + " has no position");
      }
      for (final long position : duty.validatorSyncCommitteeIndices()) {
        if (Long.compareUnsigned(position, syncCommitteeSize) >= 0) {
          throw Answers.invalid(
              answer,
              ENDPOINT,
              which + ": position " + Long.toUnsignedString(position) + " outside the committee");
        }
      }
    }
    return duties;
  }
}
