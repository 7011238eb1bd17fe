package io.dvc.node.beacon.api;

import io.dvc.spec.ssz.Bytes;

/**
 * The answer of {@code /eth/v1/beacon/genesis}. The network's identity is the genesis validators
 * root; some nodes report the fork version in force at slot 0 as {@code genesis_fork_version}.
 */
public record Genesis(long genesisTime, Bytes genesisValidatorsRoot, Bytes genesisForkVersion) {}
