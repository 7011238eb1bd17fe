package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.Schemas;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the simulated beacon node has seen; served as JSON at {@code GET /dvc/v1/summary} (format in
 * beacon-sim/README.md).
 *
 * @param attestationsReceived every submitted attestation (one per array element)
 * @param attestationsValid accepted: well-formed, in the committee, signature verified
 * @param attestationsInvalid refused with a failure (any reason)
 * @param invalidSignatures refused because the signature did not verify
 * @param duplicates valid attestations identical to one already recorded for the validator
 * @param rejectedByReason refusals counted by reason code
 * @param epochs per target epoch, the cluster validators whose attestation was included
 * @param slashable every slashable pair detected
 * @param validators the cluster validators' inclusion records
 * @param proposals the cluster's block proposals and every block produced or published
 * @param aggregation the {@code aggregation} object: aggregate-and-proofs, aggregates per
 *     committee, attestations included through aggregates, the cluster's aggregator duties
 * @param syncCommittee the {@code sync_committee} object: messages, contributions, participation
 *     per slot, the cluster's contribution duties
 */
public record SimSummary(
    long currentSlot,
    long currentEpoch,
    String fork,
    String preset,
    int clusterValidatorCount,
    int totalValidatorCount,
    long attestationsReceived,
    long attestationsValid,
    long attestationsInvalid,
    long invalidSignatures,
    long duplicates,
    Map<String, Long> rejectedByReason,
    List<EpochInclusion> epochs,
    List<SlashablePair> slashable,
    List<ValidatorInclusion> validators,
    ProposalSummary proposals,
    ObjectNode aggregation,
    ObjectNode syncCommittee) {

  public SimSummary {
    aggregation = aggregation.deepCopy();
    syncCommittee = syncCommittee.deepCopy();
    rejectedByReason = Map.copyOf(rejectedByReason);
    epochs = List.copyOf(epochs);
    slashable = List.copyOf(slashable);
    validators = List.copyOf(validators);
  }

  /**
   * @param epoch the target epoch
   * @param clusterIncluded cluster validators with an included attestation for it
   * @param clusterAttesters cluster validators expected to attest (all of them)
   * @param totalIncluded validators of the whole registry included
   */
  public record EpochInclusion(
      long epoch, int clusterIncluded, int clusterAttesters, int totalIncluded) {}

  /** One cluster validator: the slot of its last included attestation and the epochs included. */
  public record ValidatorInclusion(
      int index, String publicKey, OptionalLong lastIncludedSlot, List<Long> includedEpochs) {
    public ValidatorInclusion {
      includedEpochs = List.copyOf(includedEpochs);
    }
  }

  /** The JSON form (numbers as JSON numbers, roots as 0x-hex). */
  public ObjectNode toJson() {
    final JsonNodeFactory f = JsonNodeFactory.instance;
    final ObjectNode root = f.objectNode();
    root.put("current_slot", currentSlot);
    root.put("current_epoch", currentEpoch);
    root.put("fork", fork);
    root.put("preset", preset);
    root.put("cluster_validators", clusterValidatorCount);
    root.put("total_validators", totalValidatorCount);
    final ObjectNode attestations = root.putObject("attestations");
    attestations.put("received", attestationsReceived);
    attestations.put("valid", attestationsValid);
    attestations.put("invalid", attestationsInvalid);
    attestations.put("invalid_signatures", invalidSignatures);
    attestations.put("duplicates", duplicates);
    final ObjectNode reasons = attestations.putObject("rejected_by_reason");
    rejectedByReason.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> reasons.put(e.getKey(), e.getValue()));
    final ArrayNode epochArray = root.putArray("epochs");
    for (final EpochInclusion e : epochs) {
      final ObjectNode node = epochArray.addObject();
      node.put("epoch", e.epoch());
      node.put("cluster_included", e.clusterIncluded());
      node.put("cluster_validators", e.clusterAttesters());
      node.put("total_included", e.totalIncluded());
    }
    final ObjectNode slashableNode = root.putObject("slashable");
    slashableNode.put("count", slashable.size());
    final ArrayNode pairs = slashableNode.putArray("pairs");
    for (final SlashablePair pair : slashable) {
      final ObjectNode node = pairs.addObject();
      node.put("kind", pair.kind());
      node.put("validator_index", pair.validatorIndex());
      node.put("pubkey", pair.publicKey());
      node.set("first", data(pair.first()));
      node.set("second", data(pair.second()));
      node.put("detected_at_slot", pair.detectedAtSlot());
    }
    final ArrayNode validatorArray = root.putArray("validators");
    for (final ValidatorInclusion v : validators) {
      final ObjectNode node = validatorArray.addObject();
      node.put("index", v.index());
      node.put("pubkey", v.publicKey());
      if (v.lastIncludedSlot().isPresent()) {
        node.put("last_included_slot", v.lastIncludedSlot().getAsLong());
      } else {
        node.putNull("last_included_slot");
      }
      final ArrayNode included = node.putArray("included_epochs");
      v.includedEpochs().forEach(included::add);
    }
    root.set("proposals", proposals.toJson());
    root.set("aggregation", aggregation.deepCopy());
    root.set("sync_committee", syncCommittee.deepCopy());
    return root;
  }

  private static JsonNode data(final io.dvc.spec.types.AttestationData data) {
    return Schemas.MAINNET.attestationData.toJson(data);
  }
}
