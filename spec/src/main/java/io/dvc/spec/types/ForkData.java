package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** ForkData: hashed into the fork data root that a domain ends with. */
public record ForkData(Bytes currentVersion, Bytes genesisValidatorsRoot) {}
