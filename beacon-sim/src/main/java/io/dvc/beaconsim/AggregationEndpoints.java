package io.dvc.beaconsim;

import static io.dvc.beaconsim.ApiSupport.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.beaconsim.ApiResponse.PoolFailure;
import io.dvc.spec.ForkName;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.ElectraAttestation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The aggregation and sync-committee endpoints: committee and sync subscriptions, {@code
 * aggregate_attestation} (v2, and v1 before Electra), {@code aggregate_and_proofs} (v2 by
 * Eth-Consensus-Version, v1 phase0 form), sync committee messages, {@code
 * sync_committee_contribution} and {@code contribution_and_proofs}.
 */
final class AggregationEndpoints {
  private final SimChain chain;
  private final AggregationPool aggregation;
  private final SyncCommitteePool sync;
  private final AggregationLedger aggregationLedger;
  private final SyncLedger syncLedger;

  AggregationEndpoints(
      final SimChain chain,
      final AggregationPool aggregation,
      final SyncCommitteePool sync,
      final AggregationLedger aggregationLedger,
      final SyncLedger syncLedger) {
    this.chain = chain;
    this.aggregation = aggregation;
    this.sync = sync;
    this.aggregationLedger = aggregationLedger;
    this.syncLedger = syncLedger;
  }

  /** The response when the path is one of these endpoints, else empty. */
  Optional<ApiResponse> route(final ApiRequest r, final String path) {
    final boolean get = "GET".equals(r.method());
    final boolean post = "POST".equals(r.method());
    return Optional.ofNullable(
        switch (path) {
          case "/eth/v1/validator/beacon_committee_subscriptions" ->
              ApiSupport.only(post, r, () -> committeeSubscriptions(r));
          case "/eth/v1/validator/sync_committee_subscriptions" ->
              ApiSupport.only(post, r, () -> syncSubscriptions(r));
          case "/eth/v1/validator/aggregate_attestation" ->
              ApiSupport.only(get, r, () -> aggregate(r, false));
          case "/eth/v2/validator/aggregate_attestation" ->
              ApiSupport.only(get, r, () -> aggregate(r, true));
          case "/eth/v1/validator/aggregate_and_proofs" ->
              ApiSupport.only(post, r, () -> aggregateAndProofs(r, false));
          case "/eth/v2/validator/aggregate_and_proofs" ->
              ApiSupport.only(post, r, () -> aggregateAndProofs(r, true));
          case "/eth/v1/beacon/pool/sync_committees" ->
              ApiSupport.only(
                  post, r, () -> answer(sync.submitMessages(array(r)), "sync committee messages"));
          case "/eth/v1/validator/sync_committee_contribution" ->
              ApiSupport.only(get, r, () -> contribution(r));
          case "/eth/v1/validator/contribution_and_proofs" ->
              ApiSupport.only(
                  post,
                  r,
                  () -> answer(sync.submitContributions(array(r)), "contribution and proofs"));
          default -> null;
        });
  }

  private ApiResponse aggregate(final ApiRequest r, final boolean v2) {
    final Bytes root =
        ApiSupport.hex(ApiSupport.single(r, "attestation_data_root"), 32, "attestation_data_root");
    final long slot = ApiSupport.uint64(ApiSupport.single(r, "slot"), "slot");
    final Optional<Long> committee =
        v2
            ? Optional.of(
                ApiSupport.uint64(ApiSupport.single(r, "committee_index"), "committee_index"))
            : Optional.empty();
    final ForkName fork = chain.forkAtSlot(slot);
    if (!v2 && fork.isAtLeast(ForkName.ELECTRA)) {
      throw ApiException.badRequest(
          "slot "
              + slot
              + " is in "
              + fork.jsonName()
              + ": use /eth/v2/validator/aggregate_attestation with committee_index");
    }
    final Attestation attestation = aggregation.aggregate(root, slot, committee);
    final JsonNode json =
        attestation instanceof ElectraAttestation
            ? chain.schedule().schemas().electraAttestation.toJson(attestation)
            : chain.schedule().schemas().phase0Attestation.toJson(attestation);
    if (!v2) {
      return ApiResponse.ok(ApiSupport.data(json));
    }
    final ObjectNode body = F.objectNode().put("version", fork.jsonName());
    body.set("data", json);
    return ApiResponse.ok(body, Map.of("Eth-Consensus-Version", fork.jsonName()));
  }

  private ApiResponse aggregateAndProofs(final ApiRequest r, final boolean v2) {
    final Optional<ForkName> version =
        v2 ? Optional.of(ApiSupport.consensusVersion(r)) : Optional.empty();
    return answer(aggregation.submit(array(r), version), "aggregate and proofs");
  }

  private ApiResponse contribution(final ApiRequest r) {
    final long slot = ApiSupport.uint64(ApiSupport.single(r, "slot"), "slot");
    final long subcommittee =
        ApiSupport.uint64(ApiSupport.single(r, "subcommittee_index"), "subcommittee_index");
    final Bytes root =
        ApiSupport.hex(ApiSupport.single(r, "beacon_block_root"), 32, "beacon_block_root");
    return ApiResponse.ok(
        ApiSupport.data(
            chain
                .schedule()
                .schemas()
                .syncCommitteeContribution
                .toJson(sync.contribution(slot, subcommittee, root))));
  }

  private ApiResponse committeeSubscriptions(final ApiRequest r) {
    final JsonNode body = array(r);
    for (int i = 0; i < body.size(); i++) {
      final JsonNode s = body.get(i);
      for (final String field :
          List.of("validator_index", "committee_index", "committees_at_slot", "slot")) {
        decimal(s, field, "subscription " + i);
      }
      if (s.get("is_aggregator") == null || !s.get("is_aggregator").isBoolean()) {
        throw ApiException.badRequest("subscription " + i + ": is_aggregator must be a boolean");
      }
    }
    for (final JsonNode s : body) {
      aggregationLedger.subscribed(
          decimal(s, "slot", ""),
          decimal(s, "validator_index", ""),
          decimal(s, "committee_index", ""),
          s.get("is_aggregator").booleanValue());
    }
    return ApiResponse.empty();
  }

  private ApiResponse syncSubscriptions(final ApiRequest r) {
    final JsonNode body = array(r);
    for (int i = 0; i < body.size(); i++) {
      final JsonNode s = body.get(i);
      decimal(s, "validator_index", "sync subscription " + i);
      decimal(s, "until_epoch", "sync subscription " + i);
      final JsonNode indices = s.get("sync_committee_indices");
      if (indices == null || !indices.isArray() || indices.isEmpty()) {
        throw ApiException.badRequest(
            "sync subscription " + i + ": sync_committee_indices must be a non-empty array");
      }
      for (final JsonNode index : indices) {
        if (!index.isTextual() || !index.textValue().matches("[0-9]{1,20}")) {
          throw ApiException.badRequest(
              "sync subscription " + i + ": sync_committee_indices must hold decimal strings");
        }
      }
    }
    body.forEach(s -> syncLedger.subscribed());
    return ApiResponse.empty();
  }

  private static long decimal(final JsonNode object, final String field, final String where) {
    final JsonNode value = object.get(field);
    if (value == null || !value.isTextual() || !value.textValue().matches("[0-9]{1,20}")) {
      throw ApiException.badRequest(where + ": " + field + " must be a decimal string");
    }
    return ApiSupport.uint64(value.textValue(), field);
  }

  private static JsonNode array(final ApiRequest r) {
    final JsonNode body = ApiSupport.parseBody(r);
    if (!body.isArray()) {
      throw ApiException.badRequest("request body must be a JSON array");
    }
    return body;
  }

  private static ApiResponse answer(final List<PoolFailure> failures, final String what) {
    return failures.isEmpty()
        ? ApiResponse.empty()
        : ApiResponse.indexedError("some " + what + " were refused", failures);
  }
}
