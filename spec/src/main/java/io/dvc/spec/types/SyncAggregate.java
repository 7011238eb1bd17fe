package io.dvc.spec.types;

import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;

/** SyncAggregate (Altair on). */
public record SyncAggregate(Bits syncCommitteeBits, Bytes syncCommitteeSignature) {}
