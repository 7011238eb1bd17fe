package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** A blinded beacon block body; the record type names the fork. */
public sealed interface BlindedBeaconBlockBody
    permits BlindedBeaconBlockBodyBellatrix,
        BlindedBeaconBlockBodyCapella,
        BlindedBeaconBlockBodyDeneb,
        BlindedBeaconBlockBodyElectra {
  Bytes randaoReveal();

  Eth1Data eth1Data();

  Bytes graffiti();

  List<Attestation> attestations();
}
