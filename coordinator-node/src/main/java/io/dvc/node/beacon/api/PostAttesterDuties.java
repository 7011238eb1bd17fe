package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Ssz;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /eth/v1/validator/duties/attester/{epoch}} with the validator indices.
 *
 * <p>Refused: a duty whose slot is not in the epoch, a duty for a validator not asked for, two
 * duties for one validator, a position outside its committee or a committee index outside the
 * slot's committees, a dependent root that is not 32 bytes.
 */
public final class PostAttesterDuties implements BeaconRequest<AttesterDuties> {
  private static final String ENDPOINT = "/eth/v1/validator/duties/attester/{epoch}";

  private final long epoch;
  private final List<Long> validatorIndices;
  private final long slotsPerEpoch;

  public PostAttesterDuties(
      final long epoch, final List<Long> validatorIndices, final long slotsPerEpoch) {
    this.epoch = epoch;
    this.validatorIndices = List.copyOf(validatorIndices);
    this.slotsPerEpoch = slotsPerEpoch;
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
        "/eth/v1/validator/duties/attester/" + Long.toUnsignedString(epoch),
        Answers.indicesJson(validatorIndices),
        Map.of());
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(64 << 10, 512, validatorIndices.size());
  }

  @Override
  public AttesterDuties read(final BeaconAnswer answer) {
    final List<AttesterDuty> duties = Answers.dataList(answer, ENDPOINT, ApiTypes.ATTESTER_DUTY);
    final Bytes dependentRoot =
        Answers.read(
            answer,
            ENDPOINT,
            Answers.topLevel(answer, ENDPOINT, "dependent_root"),
            "dependent_root",
            Ssz.BYTES32);
    final Set<Long> asked = new HashSet<>(validatorIndices);
    final Set<Long> seen = new HashSet<>();
    for (final AttesterDuty duty : duties) {
      final String which = "duty of validator " + Long.toUnsignedString(duty.validatorIndex());
      if (!Answers.inEpoch(duty.slot(), epoch, slotsPerEpoch)) {
        throw Answers.invalid(
            answer,
            ENDPOINT,
            which
                + " is at slot "
                + Long.toUnsignedString(duty.slot())
                + ", not in epoch "
                + epoch);
      }
      if (!asked.contains(duty.validatorIndex())) {
        throw Answers.invalid(answer, ENDPOINT, which + ": validator not asked for");
      }
      if (!seen.add(duty.validatorIndex())) {
        throw Answers.invalid(answer, ENDPOINT, which + " appears twice");
      }
      if (Long.compareUnsigned(duty.validatorCommitteeIndex(), duty.committeeLength()) >= 0
          || Long.compareUnsigned(duty.committeeIndex(), duty.committeesAtSlot()) >= 0) {
        throw Answers.invalid(answer, ENDPOINT, which + ": position outside its committee");
      }
    }
    return new AttesterDuties(dependentRoot, duties);
  }
}
