package io.dvc.beaconsim;

import io.dvc.bls.BlsPublicKey;

/** One validator of the simulated registry: active from genesis, 32 ETH, never exits. */
public record SimValidator(int index, BlsPublicKey publicKey, boolean cluster) {}
