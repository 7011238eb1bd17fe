package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.math.BigInteger;
import java.util.List;

/** ExecutionPayload of Bellatrix. */
public record ExecutionPayloadBellatrix(
    Bytes parentHash,
    Bytes feeRecipient,
    Bytes stateRoot,
    Bytes receiptsRoot,
    Bytes logsBloom,
    Bytes prevRandao,
    long blockNumber,
    long gasLimit,
    long gasUsed,
    long timestamp,
    Bytes extraData,
    BigInteger baseFeePerGas,
    Bytes blockHash,
    List<Bytes> transactions)
    implements ExecutionPayload {
  public ExecutionPayloadBellatrix {
    transactions = List.copyOf(transactions);
  }
}
