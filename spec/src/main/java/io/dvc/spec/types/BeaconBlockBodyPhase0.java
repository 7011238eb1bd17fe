package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** BeaconBlockBody of phase0. */
public record BeaconBlockBodyPhase0(
    Bytes randaoReveal,
    Eth1Data eth1Data,
    Bytes graffiti,
    List<ProposerSlashing> proposerSlashings,
    List<AttesterSlashing> attesterSlashings,
    List<Attestation> attestations,
    List<Deposit> deposits,
    List<SignedVoluntaryExit> voluntaryExits)
    implements BeaconBlockBody {
  public BeaconBlockBodyPhase0 {
    proposerSlashings = List.copyOf(proposerSlashings);
    attesterSlashings = List.copyOf(attesterSlashings);
    attestations = List.copyOf(attestations);
    deposits = List.copyOf(deposits);
    voluntaryExits = List.copyOf(voluntaryExits);
  }
}
