package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.math.BigInteger;
import java.util.List;

/** ExecutionPayload of Capella. */
public record ExecutionPayloadCapella(
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
    List<Bytes> transactions,
    List<Withdrawal> withdrawals)
    implements ExecutionPayload {
  public ExecutionPayloadCapella {
    transactions = List.copyOf(transactions);
    withdrawals = List.copyOf(withdrawals);
  }
}
