package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SyncCommitteeContribution;
import java.util.Optional;

/**
 * {@code GET
 * /eth/v1/validator/sync_committee_contribution?slot=&subcommittee_index=&beacon_block_root=}.
 *
 * <p>Refused: a contribution for another slot, subcommittee or block root, or without a bit set.
 */
public final class GetSyncCommitteeContribution
    implements BeaconRequest<SyncCommitteeContribution> {
  private static final String ENDPOINT = "/eth/v1/validator/sync_committee_contribution";

  private final Schemas schemas;
  private final long slot;
  private final long subcommitteeIndex;
  private final Bytes beaconBlockRoot;

  public GetSyncCommitteeContribution(
      final Schemas schemas,
      final long slot,
      final long subcommitteeIndex,
      final Bytes beaconBlockRoot) {
    this.schemas = schemas;
    this.slot = slot;
    this.subcommitteeIndex = subcommitteeIndex;
    this.beaconBlockRoot = beaconBlockRoot;
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
            + "&subcommittee_index="
            + Long.toUnsignedString(subcommitteeIndex)
            + "&beacon_block_root="
            + beaconBlockRoot.toHex());
  }

  @Override
  public int maxAnswerBytes() {
    return 16 << 10;
  }

  @Override
  public SyncCommitteeContribution read(final BeaconAnswer answer) {
    final SyncCommitteeContribution contribution =
        Answers.read(
            answer, ENDPOINT, answer.data(ENDPOINT), "data", schemas.syncCommitteeContribution);
    final Optional<String> wrong =
        wrongContribution(slot, subcommitteeIndex, beaconBlockRoot, contribution);
    if (wrong.isPresent()) {
      throw Answers.invalid(answer, ENDPOINT, wrong.get());
    }
    return contribution;
  }

  /** Why a contribution does not fit (also the value check of the contribution duty), or empty. */
  public static Optional<String> wrongContribution(
      final long slot,
      final long subcommitteeIndex,
      final Bytes beaconBlockRoot,
      final SyncCommitteeContribution contribution) {
    if (contribution.slot() != slot) {
      return Optional.of("contribution is for slot " + Long.toUnsignedString(contribution.slot()));
    }
    if (contribution.subcommitteeIndex() != subcommitteeIndex) {
      return Optional.of(
          "contribution is for subcommittee "
              + Long.toUnsignedString(contribution.subcommitteeIndex()));
    }
    if (!contribution.beaconBlockRoot().equals(beaconBlockRoot)) {
      return Optional.of("contribution is for block " + contribution.beaconBlockRoot().toHex());
    }
    if (contribution.aggregationBits().bitCount() == 0) {
      return Optional.of("contribution has no aggregation bit set");
    }
    return Optional.empty();
  }
}
