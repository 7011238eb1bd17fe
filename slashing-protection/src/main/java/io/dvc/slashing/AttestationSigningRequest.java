package io.dvc.slashing;

/** An attestation a validator is asked to sign: its source and target epochs and signing root. */
public record AttestationSigningRequest(
    Pubkey pubkey, long sourceEpoch, long targetEpoch, Root signingRoot) {}
