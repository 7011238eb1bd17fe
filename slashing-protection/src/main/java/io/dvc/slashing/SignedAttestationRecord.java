package io.dvc.slashing;

import java.util.Optional;

/**
 * An attestation in a validator's history. The signing root is empty when unknown (imported without
 * one, or two imported records disagreed): such a record matches no re-sign.
 */
public record SignedAttestationRecord(
    long sourceEpoch, long targetEpoch, Optional<Root> signingRoot) {}
