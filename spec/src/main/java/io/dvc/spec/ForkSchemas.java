package io.dvc.spec;

import static io.dvc.spec.ssz.Ssz.BYTES32;
import static io.dvc.spec.ssz.Ssz.BYTES48;
import static io.dvc.spec.ssz.Ssz.BYTES96;
import static io.dvc.spec.ssz.Ssz.UINT64;
import static io.dvc.spec.ssz.Ssz.byteVector;
import static io.dvc.spec.ssz.Ssz.list;

import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.ssz.SszType;
import io.dvc.spec.types.AggregateAndProof;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttesterSlashing;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BeaconBlockBody;
import io.dvc.spec.types.BeaconBlockBodyAltair;
import io.dvc.spec.types.BeaconBlockBodyBellatrix;
import io.dvc.spec.types.BeaconBlockBodyCapella;
import io.dvc.spec.types.BeaconBlockBodyDeneb;
import io.dvc.spec.types.BeaconBlockBodyElectra;
import io.dvc.spec.types.BeaconBlockBodyPhase0;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlockBody;
import io.dvc.spec.types.BlindedBeaconBlockBodyBellatrix;
import io.dvc.spec.types.BlindedBeaconBlockBodyCapella;
import io.dvc.spec.types.BlindedBeaconBlockBodyDeneb;
import io.dvc.spec.types.BlindedBeaconBlockBodyElectra;
import io.dvc.spec.types.BlockContents;
import io.dvc.spec.types.ExecutionPayload;
import io.dvc.spec.types.ExecutionPayloadHeader;
import io.dvc.spec.types.IndexedAttestation;
import io.dvc.spec.types.SignedAggregateAndProof;
import io.dvc.spec.types.SignedBeaconBlock;
import io.dvc.spec.types.SignedBlindedBeaconBlock;
import io.dvc.spec.types.SignedBlockContents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The schemas of one fork for the types whose shape changes between forks. */
public final class ForkSchemas {
  private final ForkName forkName;
  private final ContainerType<Attestation> attestation;
  private final ContainerType<IndexedAttestation> indexedAttestation;
  private final ContainerType<AttesterSlashing> attesterSlashing;
  private final ContainerType<AggregateAndProof> aggregateAndProof;
  private final ContainerType<SignedAggregateAndProof> signedAggregateAndProof;
  private final ContainerType<BeaconBlockBody> beaconBlockBody;
  private final ContainerType<BeaconBlock> beaconBlock;
  private final ContainerType<SignedBeaconBlock> signedBeaconBlock;
  private final ContainerType<ExecutionPayload> executionPayload;
  private final ContainerType<ExecutionPayloadHeader> executionPayloadHeader;
  private final ContainerType<BlindedBeaconBlockBody> blindedBeaconBlockBody;
  private final ContainerType<BlindedBeaconBlock> blindedBeaconBlock;
  private final ContainerType<SignedBlindedBeaconBlock> signedBlindedBeaconBlock;
  private final ContainerType<BlockContents> blockContents;
  private final ContainerType<SignedBlockContents> signedBlockContents;
  private final Map<String, ContainerType<?>> byName;

  ForkSchemas(final Schemas s, final ForkName forkName) {
    this.forkName = forkName;
    final Preset p = s.preset();
    final boolean electra = forkName.isAtLeast(ForkName.ELECTRA);
    attestation = electra ? s.electraAttestation : s.phase0Attestation;
    indexedAttestation = electra ? s.electraIndexedAttestation : s.phase0IndexedAttestation;
    attesterSlashing = electra ? s.electraAttesterSlashing : s.phase0AttesterSlashing;
    aggregateAndProof = electra ? s.electraAggregateAndProof : s.phase0AggregateAndProof;
    signedAggregateAndProof =
        electra ? s.electraSignedAggregateAndProof : s.phase0SignedAggregateAndProof;
    executionPayload =
        switch (forkName) {
          case PHASE0, ALTAIR -> null;
          case BELLATRIX -> s.executionPayloadBellatrix;
          case CAPELLA -> s.executionPayloadCapella;
          default -> s.executionPayloadDeneb;
        };
    executionPayloadHeader =
        switch (forkName) {
          case PHASE0, ALTAIR -> null;
          case BELLATRIX -> s.executionPayloadHeaderBellatrix;
          case CAPELLA -> s.executionPayloadHeaderCapella;
          default -> s.executionPayloadHeaderDeneb;
        };
    beaconBlockBody =
        ContainerType.<BeaconBlockBody>of(
            "BeaconBlockBody", fullBodyClass(forkName), bodyFields(s, p, executionPayload));
    blindedBeaconBlockBody =
        forkName.isAtLeast(ForkName.BELLATRIX)
            ? ContainerType.<BlindedBeaconBlockBody>of(
                "BlindedBeaconBlockBody",
                blindedBodyClass(forkName),
                bodyFields(s, p, executionPayloadHeader))
            : null;
    beaconBlock =
        ContainerType.of(
            "BeaconBlock", BeaconBlock.class, UINT64, UINT64, BYTES32, BYTES32, beaconBlockBody);
    signedBeaconBlock =
        ContainerType.of("SignedBeaconBlock", SignedBeaconBlock.class, beaconBlock, BYTES96);
    blindedBeaconBlock =
        blindedBeaconBlockBody == null
            ? null
            : ContainerType.of(
                "BlindedBeaconBlock",
                BlindedBeaconBlock.class,
                UINT64,
                UINT64,
                BYTES32,
                BYTES32,
                blindedBeaconBlockBody);
    signedBlindedBeaconBlock =
        blindedBeaconBlock == null
            ? null
            : ContainerType.of(
                "SignedBlindedBeaconBlock",
                SignedBlindedBeaconBlock.class,
                blindedBeaconBlock,
                BYTES96);
    if (forkName.isAtLeast(ForkName.DENEB)) {
      final long proofLimit =
          forkName.isAtLeast(ForkName.FULU)
              ? p.fieldElementsPerExtBlob() * p.maxBlobCommitmentsPerBlock()
              : p.maxBlobCommitmentsPerBlock();
      final SszType<?> proofs = list(BYTES48, proofLimit);
      final SszType<?> blobs = list(byteVector(p.bytesPerBlob()), p.maxBlobCommitmentsPerBlock());
      blockContents =
          ContainerType.of("BlockContents", BlockContents.class, beaconBlock, proofs, blobs);
      signedBlockContents =
          ContainerType.of(
              "SignedBlockContents", SignedBlockContents.class, signedBeaconBlock, proofs, blobs);
    } else {
      blockContents = null;
      signedBlockContents = null;
    }
    byName = Schemas.namesAt(s, this);
  }

  private SszType<?>[] bodyFields(
      final Schemas s, final Preset p, final ContainerType<?> execution) {
    final boolean electra = forkName.isAtLeast(ForkName.ELECTRA);
    final List<SszType<?>> fields = new ArrayList<>();
    fields.add(BYTES96);
    fields.add(s.eth1Data);
    fields.add(BYTES32);
    fields.add(list(s.proposerSlashing, p.maxProposerSlashings()));
    fields.add(
        list(
            attesterSlashing,
            electra ? p.maxAttesterSlashingsElectra() : p.maxAttesterSlashings()));
    fields.add(list(attestation, electra ? p.maxAttestationsElectra() : p.maxAttestations()));
    fields.add(list(s.deposit, p.maxDeposits()));
    fields.add(list(s.signedVoluntaryExit, p.maxVoluntaryExits()));
    if (forkName.isAtLeast(ForkName.ALTAIR)) {
      fields.add(s.syncAggregate);
    }
    if (forkName.isAtLeast(ForkName.BELLATRIX)) {
      fields.add(execution);
    }
    if (forkName.isAtLeast(ForkName.CAPELLA)) {
      fields.add(list(s.signedBlsToExecutionChange, p.maxBlsToExecutionChanges()));
    }
    if (forkName.isAtLeast(ForkName.DENEB)) {
      fields.add(list(BYTES48, p.maxBlobCommitmentsPerBlock()));
    }
    if (electra) {
      fields.add(s.executionRequests);
    }
    return fields.toArray(new SszType<?>[0]);
  }

  private static Class<? extends BeaconBlockBody> fullBodyClass(final ForkName forkName) {
    return switch (forkName) {
      case PHASE0 -> BeaconBlockBodyPhase0.class;
      case ALTAIR -> BeaconBlockBodyAltair.class;
      case BELLATRIX -> BeaconBlockBodyBellatrix.class;
      case CAPELLA -> BeaconBlockBodyCapella.class;
      case DENEB -> BeaconBlockBodyDeneb.class;
      case ELECTRA, FULU -> BeaconBlockBodyElectra.class;
    };
  }

  private static Class<? extends BlindedBeaconBlockBody> blindedBodyClass(final ForkName forkName) {
    return switch (forkName) {
      case PHASE0, ALTAIR ->
          throw new IllegalArgumentException("no blinded block before Bellatrix");
      case BELLATRIX -> BlindedBeaconBlockBodyBellatrix.class;
      case CAPELLA -> BlindedBeaconBlockBodyCapella.class;
      case DENEB -> BlindedBeaconBlockBodyDeneb.class;
      case ELECTRA, FULU -> BlindedBeaconBlockBodyElectra.class;
    };
  }

  public ForkName forkName() {
    return forkName;
  }

  /** The Attestation of this fork: phase0 form before Electra, Electra form from Electra on. */
  public ContainerType<Attestation> attestation() {
    return attestation;
  }

  public ContainerType<IndexedAttestation> indexedAttestation() {
    return indexedAttestation;
  }

  public ContainerType<AttesterSlashing> attesterSlashing() {
    return attesterSlashing;
  }

  public ContainerType<AggregateAndProof> aggregateAndProof() {
    return aggregateAndProof;
  }

  public ContainerType<SignedAggregateAndProof> signedAggregateAndProof() {
    return signedAggregateAndProof;
  }

  public ContainerType<BeaconBlockBody> beaconBlockBody() {
    return beaconBlockBody;
  }

  public ContainerType<BeaconBlock> beaconBlock() {
    return beaconBlock;
  }

  public ContainerType<SignedBeaconBlock> signedBeaconBlock() {
    return signedBeaconBlock;
  }

  public Optional<ContainerType<ExecutionPayload>> executionPayload() {
    return Optional.ofNullable(executionPayload);
  }

  public Optional<ContainerType<ExecutionPayloadHeader>> executionPayloadHeader() {
    return Optional.ofNullable(executionPayloadHeader);
  }

  public Optional<ContainerType<BlindedBeaconBlockBody>> blindedBeaconBlockBody() {
    return Optional.ofNullable(blindedBeaconBlockBody);
  }

  public Optional<ContainerType<BlindedBeaconBlock>> blindedBeaconBlock() {
    return Optional.ofNullable(blindedBeaconBlock);
  }

  public Optional<ContainerType<SignedBlindedBeaconBlock>> signedBlindedBeaconBlock() {
    return Optional.ofNullable(signedBlindedBeaconBlock);
  }

  /** BlockContents (Deneb on): block, kzg_proofs and blobs as produced for a full block. */
  public Optional<ContainerType<BlockContents>> blockContents() {
    return Optional.ofNullable(blockContents);
  }

  /** SignedBlockContents (Deneb on): what a proposer publishes for a full block. */
  public Optional<ContainerType<SignedBlockContents>> signedBlockContents() {
    return Optional.ofNullable(signedBlockContents);
  }

  /** Every type of this fork by its spec name. */
  public Map<String, ContainerType<?>> byName() {
    return byName;
  }
}
