package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** BlindedBeaconBlockBody of Deneb. */
public record BlindedBeaconBlockBodyDeneb(
    Bytes randaoReveal,
    Eth1Data eth1Data,
    Bytes graffiti,
    List<ProposerSlashing> proposerSlashings,
    List<AttesterSlashing> attesterSlashings,
    List<Attestation> attestations,
    List<Deposit> deposits,
    List<SignedVoluntaryExit> voluntaryExits,
    SyncAggregate syncAggregate,
    ExecutionPayloadHeaderDeneb executionPayloadHeader,
    List<SignedBlsToExecutionChange> blsToExecutionChanges,
    List<Bytes> blobKzgCommitments)
    implements BlindedBeaconBlockBody {
  public BlindedBeaconBlockBodyDeneb {
    proposerSlashings = List.copyOf(proposerSlashings);
    attesterSlashings = List.copyOf(attesterSlashings);
    attestations = List.copyOf(attestations);
    deposits = List.copyOf(deposits);
    voluntaryExits = List.copyOf(voluntaryExits);
    blsToExecutionChanges = List.copyOf(blsToExecutionChanges);
    blobKzgCommitments = List.copyOf(blobKzgCommitments);
  }
}
