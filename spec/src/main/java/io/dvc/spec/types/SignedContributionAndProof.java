package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SignedContributionAndProof (Altair on). */
public record SignedContributionAndProof(ContributionAndProof message, Bytes signature) {}
