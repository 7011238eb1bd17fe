package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Ssz;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /eth/v1/validator/duties/proposer/{epoch}}: every proposer of the epoch and the
 * dependent root.
 *
 * <p>Refused: a duty whose slot is not in the asked epoch (Lodestar 1.5.1 answers a next-epoch
 * request with the current epoch's slots; using them would propose in the wrong slots), two duties
 * for one slot, a dependent root that is not 32 bytes.
 */
public final class GetProposerDuties implements BeaconRequest<ProposerDuties> {
  private static final String ENDPOINT = "/eth/v1/validator/duties/proposer/{epoch}";

  private final long epoch;
  private final long slotsPerEpoch;

  public GetProposerDuties(final long epoch, final long slotsPerEpoch) {
    this.epoch = epoch;
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
    return HttpForm.get("/eth/v1/validator/duties/proposer/" + Long.toUnsignedString(epoch));
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(16 << 10, 512, (int) Math.min(1 << 16, slotsPerEpoch));
  }

  @Override
  public ProposerDuties read(final BeaconAnswer answer) {
    final List<ProposerDuty> duties = Answers.dataList(answer, ENDPOINT, ApiTypes.PROPOSER_DUTY);
    final Bytes dependentRoot =
        Answers.read(
            answer,
            ENDPOINT,
            Answers.topLevel(answer, ENDPOINT, "dependent_root"),
            "dependent_root",
            Ssz.BYTES32);
    final Set<Long> slots = new HashSet<>();
    for (final ProposerDuty duty : duties) {
      final String slot = Long.toUnsignedString(duty.slot());
      if (!Answers.inEpoch(duty.slot(), epoch, slotsPerEpoch)) {
        throw Answers.invalid(
            answer,
            ENDPOINT,
            "proposer duty at slot " + slot + " is not in epoch " + Long.toUnsignedString(epoch));
      }
      if (!slots.add(duty.slot())) {
        throw Answers.invalid(answer, ENDPOINT, "two proposer duties at slot " + slot);
      }
    }
    return new ProposerDuties(dependentRoot, duties);
  }
}
