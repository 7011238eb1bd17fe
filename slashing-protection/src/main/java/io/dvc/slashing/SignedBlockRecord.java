package io.dvc.slashing;

import java.util.Optional;

/**
 * A block in a validator's history. The signing root is empty when unknown (imported without one,
 * or two imported records at the slot disagreed): such a record matches no re-sign.
 */
public record SignedBlockRecord(long slot, Optional<Root> signingRoot) {}
