package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.bls.BlsSecretKey;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.ContributionAndProof;
import io.dvc.spec.types.SignedContributionAndProof;
import io.dvc.spec.types.SyncAggregatorSelectionData;
import io.dvc.spec.types.SyncCommitteeContribution;
import io.dvc.spec.types.SyncCommitteeMessage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** A sync committee member's client for tests: duties, messages and contributions over HTTP. */
final class SyncClient {
  private final SimFixture fx;

  SyncClient(final SimFixture fx) {
    this.fx = fx;
  }

  /** Sync duties of the cluster for an epoch: validator → positions. */
  Map<Integer, List<Integer>> duties(final long epoch) {
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < fx.keys.size(); i++) {
      body.add(Integer.toString(i));
    }
    final SimHttp.Response response =
        fx.http.post("/eth/v1/validator/duties/sync/" + epoch, body, Map.of());
    if (response.status() != 200) {
      throw new AssertionError("sync duties: " + response.raw());
    }
    final Map<Integer, List<Integer>> result = new TreeMap<>();
    for (final JsonNode duty : response.body().get("data")) {
      final List<Integer> positions = new java.util.ArrayList<>();
      duty.get("validator_sync_committee_indices").forEach(p -> positions.add(p.asInt()));
      result.put((int) SimFixture.uint(duty, "validator_index"), positions);
    }
    return result;
  }

  /** The cluster validators in the committee that signs a slot's messages (period of slot + 1). */
  TreeSet<Integer> members(final long slot) {
    return new TreeSet<>(duties((slot + 1) / fx.schedule.slotsPerEpoch()).keySet());
  }

  SyncCommitteeMessage message(final long slot, final Bytes root, final int validator) {
    return message(slot, root, validator, fx.keys.get(validator));
  }

  SyncCommitteeMessage message(
      final long slot, final Bytes root, final int validator, final BlsSecretKey signer) {
    return new SyncCommitteeMessage(
        slot,
        root,
        validator,
        Bytes.of(signer.sign(fx.roots.syncCommitteeMessage(slot, root).toArray()).toBytes()));
  }

  SimHttp.Response submit(final SyncCommitteeMessage... messages) {
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (final SyncCommitteeMessage m : messages) {
      body.add(fx.schedule.schemas().syncCommitteeMessage.toJson(m));
    }
    return fx.http.post("/eth/v1/beacon/pool/sync_committees", body, Map.of());
  }

  SimHttp.Response getContribution(final long slot, final long subcommittee, final Bytes root) {
    return fx.http.get(
        "/eth/v1/validator/sync_committee_contribution?slot="
            + slot
            + "&subcommittee_index="
            + subcommittee
            + "&beacon_block_root="
            + root.toHex());
  }

  SyncCommitteeContribution contribution(final SimHttp.Response response) {
    return fx.schedule.schemas().syncCommitteeContribution.fromJson(response.body().get("data"));
  }

  Bytes selectionProof(final BlsSecretKey key, final long slot, final long subcommittee) {
    return Bytes.of(
        key.sign(
                fx.roots
                    .syncSelectionProof(new SyncAggregatorSelectionData(slot, subcommittee))
                    .toArray())
            .toBytes());
  }

  SignedContributionAndProof signed(
      final int aggregator,
      final SyncCommitteeContribution contribution,
      final Bytes proof,
      final BlsSecretKey by) {
    final ContributionAndProof message = new ContributionAndProof(aggregator, contribution, proof);
    return new SignedContributionAndProof(
        message, Bytes.of(by.sign(fx.roots.contributionAndProof(message).toArray()).toBytes()));
  }

  SimHttp.Response publish(final SignedContributionAndProof... signed) {
    final ArrayNode body = JsonNodeFactory.instance.arrayNode();
    for (final SignedContributionAndProof s : signed) {
      body.add(fx.schedule.schemas().signedContributionAndProof.toJson(s));
    }
    return fx.http.post("/eth/v1/validator/contribution_and_proofs", body, Map.of());
  }
}
