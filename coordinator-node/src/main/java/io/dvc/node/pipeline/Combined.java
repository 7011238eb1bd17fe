package io.dvc.node.pipeline;

import io.dvc.bls.BlsSignature;
import io.dvc.node.duty.DutyType;
import io.dvc.spec.ssz.Bytes;

/** A validator's combined and verified signature for one duty. */
public record Combined(
    DutyType type, long slot, long validatorIndex, Bytes signingRoot, BlsSignature signature) {}
