package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** BlindedBeaconBlockBody of Bellatrix. */
public record BlindedBeaconBlockBodyBellatrix(
    Bytes randaoReveal,
    Eth1Data eth1Data,
    Bytes graffiti,
    List<ProposerSlashing> proposerSlashings,
    List<AttesterSlashing> attesterSlashings,
    List<Attestation> attestations,
    List<Deposit> deposits,
    List<SignedVoluntaryExit> voluntaryExits,
    SyncAggregate syncAggregate,
    ExecutionPayloadHeaderBellatrix executionPayloadHeader)
    implements BlindedBeaconBlockBody {
  public BlindedBeaconBlockBodyBellatrix {
    proposerSlashings = List.copyOf(proposerSlashings);
    attesterSlashings = List.copyOf(attesterSlashings);
    attestations = List.copyOf(attestations);
    deposits = List.copyOf(deposits);
    voluntaryExits = List.copyOf(voluntaryExits);
  }
}
