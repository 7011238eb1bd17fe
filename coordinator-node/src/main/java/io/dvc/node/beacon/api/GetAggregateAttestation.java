package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.ElectraAttestation;
import java.util.Optional;

/**
 * {@code GET /eth/v2/validator/aggregate_attestation?attestation_data_root=&slot=&committee_index=}
 * (answer {@code {version, data}}, header {@code Eth-Consensus-Version}); before Electra the older
 * form is {@code GET /eth/v1/validator/aggregate_attestation?attestation_data_root=&slot=} (a
 * phase0 attestation). From Electra on there is no older form.
 *
 * <p>Refused: an aggregate of another fork than the slot's, whose data is not the data asked for
 * (its hash_tree_root differs), without aggregation bits, or (Electra) whose committee bits are not
 * exactly the committee asked for.
 */
public final class GetAggregateAttestation implements BeaconRequest<AggregateAttestation> {
  private static final String V2 = "/eth/v2/validator/aggregate_attestation";
  private static final String V1 = "/eth/v1/validator/aggregate_attestation";

  private final Schemas schemas;
  private final ForkName fork;
  private final long slot;
  private final long committeeIndex;
  private final Bytes dataRoot;
  private final boolean v1;

  public GetAggregateAttestation(
      final Schemas schemas,
      final ForkName fork,
      final long slot,
      final long committeeIndex,
      final Bytes dataRoot) {
    this(schemas, fork, slot, committeeIndex, dataRoot, false);
  }

  private GetAggregateAttestation(
      final Schemas schemas,
      final ForkName fork,
      final long slot,
      final long committeeIndex,
      final Bytes dataRoot,
      final boolean v1) {
    this.schemas = schemas;
    this.fork = fork;
    this.slot = slot;
    this.committeeIndex = committeeIndex;
    this.dataRoot = dataRoot;
    this.v1 = v1;
  }

  @Override
  public Kind kind() {
    return Kind.READ;
  }

  @Override
  public String endpoint() {
    return v1 ? V1 : V2;
  }

  @Override
  public HttpForm form() {
    final String common =
        "?attestation_data_root=" + dataRoot.toHex() + "&slot=" + Long.toUnsignedString(slot);
    return v1
        ? HttpForm.get(V1 + common)
        : HttpForm.get(V2 + common + "&committee_index=" + Long.toUnsignedString(committeeIndex));
  }

  @Override
  public Optional<BeaconRequest<AggregateAttestation>> olderForm() {
    return v1 || fork.isAtLeast(ForkName.ELECTRA)
        ? Optional.empty()
        : Optional.of(
            new GetAggregateAttestation(schemas, fork, slot, committeeIndex, dataRoot, true));
  }

  @Override
  public int maxAnswerBytes() {
    return 64 << 10;
  }

  @Override
  public AggregateAttestation read(final BeaconAnswer answer) {
    final String endpoint = endpoint();
    if (!v1) {
      final String version =
          answer
              .header("Eth-Consensus-Version")
              .orElseGet(() -> answer.json(endpoint).path("version").asText(""));
      if (!version.isEmpty() && !version.equalsIgnoreCase(fork.jsonName())) {
        throw Answers.invalid(answer, endpoint, "aggregate of fork " + version + ", not " + fork);
      }
    }
    final Attestation attestation =
        Answers.read(
            answer, endpoint, answer.data(endpoint), "data", schemas.at(fork).attestation());
    final Optional<String> wrong =
        wrongAggregate(schemas, fork, committeeIndex, dataRoot, attestation);
    if (wrong.isPresent()) {
      throw Answers.invalid(answer, endpoint, wrong.get());
    }
    return new AggregateAttestation(fork, attestation);
  }

  /**
   * Why an aggregate does not fit the committee and the data root (also the value check of the
   * aggregation duty), or empty.
   */
  public static Optional<String> wrongAggregate(
      final Schemas schemas,
      final ForkName fork,
      final long committeeIndex,
      final Bytes dataRoot,
      final Attestation attestation) {
    if (fork.isAtLeast(ForkName.ELECTRA) != (attestation instanceof ElectraAttestation)) {
      return Optional.of("aggregate is not of the " + fork.jsonName() + " form");
    }
    if (!schemas.attestationData.hashTreeRoot(attestation.data()).equals(dataRoot)) {
      return Optional.of(
          "aggregate is for other attestation data (slot "
              + Long.toUnsignedString(attestation.data().slot())
              + ", block "
              + attestation.data().beaconBlockRoot().toHex()
              + ")");
    }
    if (attestation.aggregationBits().bitCount() == 0) {
      return Optional.of("aggregate has no aggregation bit set");
    }
    if (attestation instanceof ElectraAttestation electra
        && (electra.committeeBits().bitCount() != 1
            || committeeIndex >= electra.committeeBits().size()
            || !electra.committeeBits().get((int) committeeIndex))) {
      return Optional.of(
          "aggregate's committee bits are not exactly committee "
              + Long.toUnsignedString(committeeIndex));
    }
    return Optional.empty();
  }
}
