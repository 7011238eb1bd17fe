package io.dvc.spec;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.SszType;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BeaconBlockBody;
import io.dvc.spec.types.BeaconBlockBodyBellatrix;
import io.dvc.spec.types.BeaconBlockBodyCapella;
import io.dvc.spec.types.BeaconBlockBodyDeneb;
import io.dvc.spec.types.BeaconBlockBodyElectra;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlockBody;
import io.dvc.spec.types.BlindedBeaconBlockBodyBellatrix;
import io.dvc.spec.types.BlindedBeaconBlockBodyCapella;
import io.dvc.spec.types.BlindedBeaconBlockBodyDeneb;
import io.dvc.spec.types.BlindedBeaconBlockBodyElectra;
import io.dvc.spec.types.ExecutionPayload;
import io.dvc.spec.types.ExecutionPayloadBellatrix;
import io.dvc.spec.types.ExecutionPayloadCapella;
import io.dvc.spec.types.ExecutionPayloadDeneb;
import io.dvc.spec.types.ExecutionPayloadHeader;
import io.dvc.spec.types.ExecutionPayloadHeaderBellatrix;
import io.dvc.spec.types.ExecutionPayloadHeaderCapella;
import io.dvc.spec.types.ExecutionPayloadHeaderDeneb;
import java.util.List;

/**
 * Turns full blocks into blinded ones: the execution payload becomes its header (transactions_root,
 * withdrawals_root). The blinded block has the same hash_tree_root.
 */
public final class Blinding {
  private final Schemas schemas;

  public Blinding(final Schemas schemas) {
    this.schemas = schemas;
  }

  /** The blinded form of a full block (Bellatrix on). */
  public BlindedBeaconBlock blind(final BeaconBlock block) {
    return new BlindedBeaconBlock(
        block.slot(),
        block.proposerIndex(),
        block.parentRoot(),
        block.stateRoot(),
        blind(block.body()));
  }

  /** The blinded form of a full body (Bellatrix on). */
  public BlindedBeaconBlockBody blind(final BeaconBlockBody body) {
    if (body instanceof BeaconBlockBodyElectra b) {
      return new BlindedBeaconBlockBodyElectra(
          b.randaoReveal(),
          b.eth1Data(),
          b.graffiti(),
          b.proposerSlashings(),
          b.attesterSlashings(),
          b.attestations(),
          b.deposits(),
          b.voluntaryExits(),
          b.syncAggregate(),
          (ExecutionPayloadHeaderDeneb) header(b.executionPayload()),
          b.blsToExecutionChanges(),
          b.blobKzgCommitments(),
          b.executionRequests());
    } else if (body instanceof BeaconBlockBodyDeneb b) {
      return new BlindedBeaconBlockBodyDeneb(
          b.randaoReveal(),
          b.eth1Data(),
          b.graffiti(),
          b.proposerSlashings(),
          b.attesterSlashings(),
          b.attestations(),
          b.deposits(),
          b.voluntaryExits(),
          b.syncAggregate(),
          (ExecutionPayloadHeaderDeneb) header(b.executionPayload()),
          b.blsToExecutionChanges(),
          b.blobKzgCommitments());
    } else if (body instanceof BeaconBlockBodyCapella b) {
      return new BlindedBeaconBlockBodyCapella(
          b.randaoReveal(),
          b.eth1Data(),
          b.graffiti(),
          b.proposerSlashings(),
          b.attesterSlashings(),
          b.attestations(),
          b.deposits(),
          b.voluntaryExits(),
          b.syncAggregate(),
          (ExecutionPayloadHeaderCapella) header(b.executionPayload()),
          b.blsToExecutionChanges());
    } else if (body instanceof BeaconBlockBodyBellatrix b) {
      return new BlindedBeaconBlockBodyBellatrix(
          b.randaoReveal(),
          b.eth1Data(),
          b.graffiti(),
          b.proposerSlashings(),
          b.attesterSlashings(),
          b.attestations(),
          b.deposits(),
          b.voluntaryExits(),
          b.syncAggregate(),
          (ExecutionPayloadHeaderBellatrix) header(b.executionPayload()));
    }
    throw new IllegalArgumentException(
        "a " + body.getClass().getSimpleName() + " has no execution payload to blind");
  }

  /** The header of an execution payload. */
  public ExecutionPayloadHeader header(final ExecutionPayload payload) {
    if (payload instanceof ExecutionPayloadDeneb p) {
      return new ExecutionPayloadHeaderDeneb(
          p.parentHash(),
          p.feeRecipient(),
          p.stateRoot(),
          p.receiptsRoot(),
          p.logsBloom(),
          p.prevRandao(),
          p.blockNumber(),
          p.gasLimit(),
          p.gasUsed(),
          p.timestamp(),
          p.extraData(),
          p.baseFeePerGas(),
          p.blockHash(),
          listRoot(schemas.executionPayloadDeneb, 13, p.transactions()),
          listRoot(schemas.executionPayloadDeneb, 14, p.withdrawals()),
          p.blobGasUsed(),
          p.excessBlobGas());
    } else if (payload instanceof ExecutionPayloadCapella p) {
      return new ExecutionPayloadHeaderCapella(
          p.parentHash(),
          p.feeRecipient(),
          p.stateRoot(),
          p.receiptsRoot(),
          p.logsBloom(),
          p.prevRandao(),
          p.blockNumber(),
          p.gasLimit(),
          p.gasUsed(),
          p.timestamp(),
          p.extraData(),
          p.baseFeePerGas(),
          p.blockHash(),
          listRoot(schemas.executionPayloadCapella, 13, p.transactions()),
          listRoot(schemas.executionPayloadCapella, 14, p.withdrawals()));
    }
    final ExecutionPayloadBellatrix p = (ExecutionPayloadBellatrix) payload;
    return new ExecutionPayloadHeaderBellatrix(
        p.parentHash(),
        p.feeRecipient(),
        p.stateRoot(),
        p.receiptsRoot(),
        p.logsBloom(),
        p.prevRandao(),
        p.blockNumber(),
        p.gasLimit(),
        p.gasUsed(),
        p.timestamp(),
        p.extraData(),
        p.baseFeePerGas(),
        p.blockHash(),
        listRoot(schemas.executionPayloadBellatrix, 13, p.transactions()));
  }

  @SuppressWarnings("unchecked")
  private static Bytes listRoot(
      final io.dvc.spec.ssz.ContainerType<?> payloadType, final int field, final List<?> value) {
    return ((SszType<List<?>>) payloadType.fieldTypes().get(field)).hashTreeRoot(value);
  }
}
