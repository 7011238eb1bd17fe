package io.dvc.spec.types;

import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;

/**
 * Attestation from Electra on: {@code data.index} is 0 and {@code committeeBits} names the
 * committees; {@code aggregationBits} covers them all, in order.
 */
public record ElectraAttestation(
    Bits aggregationBits, AttestationData data, Bytes signature, Bits committeeBits)
    implements Attestation {}
