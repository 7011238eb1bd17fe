package io.dvc.node.beaconapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The Beacon API calls the coordinator node makes. Futures fail with BeaconApiException. */
public interface BeaconNodeClient {

  CompletableFuture<Genesis> genesis();

  /** {@code /eth/v1/config/spec}: the {@code data} object of string values. */
  CompletableFuture<JsonNode> spec();

  /** {@code /eth/v1/node/syncing}: the {@code data} object. */
  CompletableFuture<JsonNode> syncing();

  CompletableFuture<List<ValidatorInfo>> validators(Collection<String> ids);

  CompletableFuture<AttesterDuties> attesterDuties(long epoch, Collection<Long> validatorIndices);

  /** {@code /eth/v1/validator/attestation_data}: the {@code data} object (AttestationData JSON). */
  CompletableFuture<JsonNode> attestationData(long slot, long committeeIndex);

  /**
   * Submits attestations: v2 with {@code Eth-Consensus-Version} (electra SingleAttestation[] or
   * phase0 Attestation[]). A 400 answer listing the failing elements completes normally with those
   * positions rejected; any other error answer fails the future.
   */
  CompletableFuture<SubmitResult> submitAttestations(
      String consensusVersion, JsonNode attestations);

  /** {@code /eth/v1/validator/beacon_committee_subscriptions}. */
  CompletableFuture<Void> subscribeToBeaconCommittees(JsonNode subscriptions);
}
