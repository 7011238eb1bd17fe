package io.dvc.spec.types;

import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;

/** Attestation of any fork: {@link Phase0Attestation} or {@link ElectraAttestation}. */
public sealed interface Attestation permits Phase0Attestation, ElectraAttestation {
  Bits aggregationBits();

  AttestationData data();

  Bytes signature();
}
