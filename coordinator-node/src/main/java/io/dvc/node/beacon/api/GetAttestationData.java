package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.Schemas;
import io.dvc.spec.types.AttestationData;

/**
 * {@code GET /eth/v1/validator/attestation_data?slot=&committee_index=}.
 *
 * <p>Refused: data for another slot, a committee index other than the one asked for (or 0, the
 * Electra form), a target epoch that is not the slot's epoch, a source epoch after the target.
 */
public final class GetAttestationData implements BeaconRequest<AttestationData> {
  private static final String ENDPOINT = "/eth/v1/validator/attestation_data";

  private final long slot;
  private final long committeeIndex;
  private final long slotsPerEpoch;

  public GetAttestationData(final long slot, final long committeeIndex, final long slotsPerEpoch) {
    this.slot = slot;
    this.committeeIndex = committeeIndex;
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
    return HttpForm.get(
        ENDPOINT
            + "?slot="
            + Long.toUnsignedString(slot)
            + "&committee_index="
            + Long.toUnsignedString(committeeIndex));
  }

  @Override
  public int maxAnswerBytes() {
    return 16 << 10;
  }

  @Override
  public AttestationData read(final BeaconAnswer answer) {
    final AttestationData data =
        Answers.read(
            answer, ENDPOINT, answer.data(ENDPOINT), "data", Schemas.MAINNET.attestationData);
    if (data.slot() != slot) {
      throw Answers.invalid(
          answer,
          ENDPOINT,
          "data is for slot "
              + Long.toUnsignedString(data.slot())
              + ", asked for "
              + Long.toUnsignedString(slot));
    }
    if (data.index() != committeeIndex && data.index() != 0) {
      throw Answers.invalid(
          answer, ENDPOINT, "data is for committee " + Long.toUnsignedString(data.index()));
    }
    final long epoch = Long.divideUnsigned(slot, slotsPerEpoch);
    if (data.target().epoch() != epoch) {
      throw Answers.invalid(
          answer,
          ENDPOINT,
          "target epoch " + Long.toUnsignedString(data.target().epoch()) + " is not " + epoch);
    }
    if (Long.compareUnsigned(data.source().epoch(), data.target().epoch()) > 0) {
      throw Answers.invalid(answer, ENDPOINT, "source epoch after target epoch");
    }
    return data;
  }
}
