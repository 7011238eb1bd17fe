package io.dvc.node.beacon.api;

import io.dvc.spec.ssz.Bytes;

/**
 * One entry of {@code /eth/v1/beacon/states/{state_id}/validators}.
 *
 * @param status the Beacon-API status, e.g. {@code active_ongoing} (lower case and underscores)
 */
public record ValidatorInfo(long index, Bytes pubkey, String status) {}
