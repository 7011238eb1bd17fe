package io.dvc.spec.types;

import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;

/** Attestation before Electra (phase0 to deneb): the committee is {@code data.index}. */
public record Phase0Attestation(Bits aggregationBits, AttestationData data, Bytes signature)
    implements Attestation {}
