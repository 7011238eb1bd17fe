package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** An execution payload of Bellatrix, Capella or Deneb form. */
public sealed interface ExecutionPayload
    permits ExecutionPayloadBellatrix, ExecutionPayloadCapella, ExecutionPayloadDeneb {
  Bytes blockHash();

  /** The address that receives the priority fees. */
  Bytes feeRecipient();

  long blockNumber();
}
