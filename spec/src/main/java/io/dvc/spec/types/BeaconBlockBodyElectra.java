package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** BeaconBlockBody of Electra (Fulu uses the same body). */
public record BeaconBlockBodyElectra(
    Bytes randaoReveal,
    Eth1Data eth1Data,
    Bytes graffiti,
    List<ProposerSlashing> proposerSlashings,
    List<AttesterSlashing> attesterSlashings,
    List<Attestation> attestations,
    List<Deposit> deposits,
    List<SignedVoluntaryExit> voluntaryExits,
    SyncAggregate syncAggregate,
    ExecutionPayloadDeneb executionPayload,
    List<SignedBlsToExecutionChange> blsToExecutionChanges,
    List<Bytes> blobKzgCommitments,
    ExecutionRequests executionRequests)
    implements BeaconBlockBody {
  public BeaconBlockBodyElectra {
    proposerSlashings = List.copyOf(proposerSlashings);
    attesterSlashings = List.copyOf(attesterSlashings);
    attestations = List.copyOf(attestations);
    deposits = List.copyOf(deposits);
    voluntaryExits = List.copyOf(voluntaryExits);
    blsToExecutionChanges = List.copyOf(blsToExecutionChanges);
    blobKzgCommitments = List.copyOf(blobKzgCommitments);
  }
}
