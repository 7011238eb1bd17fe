package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** ContributionAndProof (Altair on). */
public record ContributionAndProof(
    long aggregatorIndex, SyncCommitteeContribution contribution, Bytes selectionProof) {}
