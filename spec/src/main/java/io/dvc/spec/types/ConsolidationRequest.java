package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** ConsolidationRequest (Electra on). */
public record ConsolidationRequest(Bytes sourceAddress, Bytes sourcePubkey, Bytes targetPubkey) {}
