package io.dvc.slashing;

/** A block a validator is asked to sign: its slot and signing root. */
public record BlockSigningRequest(Pubkey pubkey, long slot, Root signingRoot) {}
