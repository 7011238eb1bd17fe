package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** An execution payload header of Bellatrix, Capella or Deneb form. */
public sealed interface ExecutionPayloadHeader
    permits ExecutionPayloadHeaderBellatrix,
        ExecutionPayloadHeaderCapella,
        ExecutionPayloadHeaderDeneb {
  Bytes blockHash();

  /** The address that receives the priority fees. */
  Bytes feeRecipient();

  long blockNumber();
}
