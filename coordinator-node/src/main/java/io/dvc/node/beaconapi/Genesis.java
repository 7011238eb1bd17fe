package io.dvc.node.beaconapi;

/** The answer of {@code /eth/v1/beacon/genesis}. */
public record Genesis(long genesisTime, byte[] genesisValidatorsRoot, byte[] genesisForkVersion) {}
