package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.math.BigInteger;

/** ExecutionPayloadHeader of Deneb (also used by Electra and Fulu). */
public record ExecutionPayloadHeaderDeneb(
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
    Bytes transactionsRoot,
    Bytes withdrawalsRoot,
    long blobGasUsed,
    long excessBlobGas)
    implements ExecutionPayloadHeader {}
