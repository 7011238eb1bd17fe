package io.dvc.spec;

import io.dvc.spec.types.BeaconBlockBody;
import io.dvc.spec.types.BeaconBlockBodyBellatrix;
import io.dvc.spec.types.BeaconBlockBodyCapella;
import io.dvc.spec.types.BeaconBlockBodyDeneb;
import io.dvc.spec.types.BeaconBlockBodyElectra;
import io.dvc.spec.types.BlindedBeaconBlockBody;
import io.dvc.spec.types.BlindedBeaconBlockBodyBellatrix;
import io.dvc.spec.types.BlindedBeaconBlockBodyCapella;
import io.dvc.spec.types.BlindedBeaconBlockBodyDeneb;
import io.dvc.spec.types.BlindedBeaconBlockBodyElectra;
import io.dvc.spec.types.ExecutionPayload;
import io.dvc.spec.types.ExecutionPayloadHeader;
import java.util.Optional;

/** Fork-independent access to the parts of block bodies that duties check. */
public final class Blocks {
  private Blocks() {}

  /** The execution payload of a full body (Bellatrix on), empty before. */
  public static Optional<ExecutionPayload> executionPayload(final BeaconBlockBody body) {
    if (body instanceof BeaconBlockBodyBellatrix b) {
      return Optional.of(b.executionPayload());
    }
    if (body instanceof BeaconBlockBodyCapella b) {
      return Optional.of(b.executionPayload());
    }
    if (body instanceof BeaconBlockBodyDeneb b) {
      return Optional.of(b.executionPayload());
    }
    if (body instanceof BeaconBlockBodyElectra b) {
      return Optional.of(b.executionPayload());
    }
    return Optional.empty();
  }

  /** The execution payload header of a blinded body. */
  public static ExecutionPayloadHeader executionPayloadHeader(final BlindedBeaconBlockBody body) {
    if (body instanceof BlindedBeaconBlockBodyBellatrix b) {
      return b.executionPayloadHeader();
    }
    if (body instanceof BlindedBeaconBlockBodyCapella b) {
      return b.executionPayloadHeader();
    }
    if (body instanceof BlindedBeaconBlockBodyDeneb b) {
      return b.executionPayloadHeader();
    }
    return ((BlindedBeaconBlockBodyElectra) body).executionPayloadHeader();
  }
}
