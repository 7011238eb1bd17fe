package io.dvc.node.slashing;

/** A block a validator is asked to sign: its slot and signing root. */
public record BlockSigningRequest(Pubkey pubkey, long slot, Root signingRoot) {}
