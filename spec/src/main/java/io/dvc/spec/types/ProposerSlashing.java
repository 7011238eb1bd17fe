package io.dvc.spec.types;

/** ProposerSlashing. */
public record ProposerSlashing(
    SignedBeaconBlockHeader signedHeader1, SignedBeaconBlockHeader signedHeader2) {}
