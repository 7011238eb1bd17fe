package io.dvc.node.beaconapi;

/** One entry of {@code /eth/v1/beacon/states/{state_id}/validators}. */
public record ValidatorInfo(long index, byte[] pubkey, String status) {}
