package io.dvc.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.node.beaconapi.AttesterDuties;
import io.dvc.node.beaconapi.BeaconApiException;
import io.dvc.node.beaconapi.BeaconNodeClient;
import io.dvc.node.beaconapi.Genesis;
import io.dvc.node.beaconapi.SubmitResult;
import io.dvc.node.beaconapi.ValidatorInfo;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A beacon node client whose beacon node can be taken down: while down, the duty-time calls
 * (attestation data, submission) fail as an unreachable node's would; everything else passes.
 */
public final class SwitchableBeaconClient implements BeaconNodeClient {
  private final BeaconNodeClient delegate;
  private volatile boolean down;

  public SwitchableBeaconClient(final BeaconNodeClient delegate) {
    this.delegate = delegate;
  }

  public void setDown(final boolean value) {
    this.down = value;
  }

  private <T> CompletableFuture<T> unreachable(final String endpoint) {
    return CompletableFuture.failedFuture(
        new BeaconApiException("test beacon node" + endpoint + ": connection refused", -1));
  }

  @Override
  public CompletableFuture<Genesis> genesis() {
    return delegate.genesis();
  }

  @Override
  public CompletableFuture<JsonNode> spec() {
    return delegate.spec();
  }

  @Override
  public CompletableFuture<JsonNode> syncing() {
    return delegate.syncing();
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(final Collection<String> ids) {
    return delegate.validators(ids);
  }

  @Override
  public CompletableFuture<AttesterDuties> attesterDuties(
      final long epoch, final Collection<Long> validatorIndices) {
    return delegate.attesterDuties(epoch, validatorIndices);
  }

  @Override
  public CompletableFuture<JsonNode> attestationData(final long slot, final long committeeIndex) {
    return down
        ? unreachable("/eth/v1/validator/attestation_data")
        : delegate.attestationData(slot, committeeIndex);
  }

  @Override
  public CompletableFuture<SubmitResult> submitAttestations(
      final String consensusVersion, final JsonNode attestations) {
    return down
        ? unreachable("/eth/v2/beacon/pool/attestations")
        : delegate.submitAttestations(consensusVersion, attestations);
  }

  @Override
  public CompletableFuture<Void> subscribeToBeaconCommittees(final JsonNode subscriptions) {
    return delegate.subscribeToBeaconCommittees(subscriptions);
  }
}
