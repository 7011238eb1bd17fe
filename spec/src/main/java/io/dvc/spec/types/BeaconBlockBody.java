package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** A full beacon block body; the record type names the fork. */
public sealed interface BeaconBlockBody
    permits BeaconBlockBodyPhase0,
        BeaconBlockBodyAltair,
        BeaconBlockBodyBellatrix,
        BeaconBlockBodyCapella,
        BeaconBlockBodyDeneb,
        BeaconBlockBodyElectra {
  Bytes randaoReveal();

  Eth1Data eth1Data();

  Bytes graffiti();

  List<Attestation> attestations();
}
