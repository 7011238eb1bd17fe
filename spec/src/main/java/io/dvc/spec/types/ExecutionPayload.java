package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** An execution payload of Bellatrix, Capella or Deneb form. */
public sealed interface ExecutionPayload
    permits ExecutionPayloadBellatrix, ExecutionPayloadCapella, ExecutionPayloadDeneb {
  Bytes blockHash();

  long blockNumber();
}
