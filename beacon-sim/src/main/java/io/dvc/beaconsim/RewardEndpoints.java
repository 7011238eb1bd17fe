package io.dvc.beaconsim;

import static io.dvc.beaconsim.ApiSupport.F;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.bls.BlsPublicKey;
import io.dvc.spec.types.AttestationData;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /eth/v1/beacon/rewards/attestations/{epoch}}: each validator's attestation rewards
 * for a completed epoch (before the current one), from the votes that reached the chain.
 *
 * <p>A validator's flags: source when its vote of the epoch (target epoch = the epoch) has the
 * chain's justified checkpoint as source; target when also its target is the epoch's boundary
 * block; head when also its head is the block at its slot. Amounts follow Altair's formulas with
 * every validator at 32 ETH and full participation assumed: base_reward = 32 × 10^9 × 64 /
 * isqrt(total balance); a flag earns base_reward × weight / 64 (source 14, target 26, head 14); a
 * missed source or target costs as much, a missed head nothing; inactivity is 0. A dropped
 * validator's votes never reach the chain ({@link SimControls}).
 *
 * <p>{@code POST /eth/v1/beacon/rewards/sync_committee/{block_id}}: the sync committee reward of
 * each asked validator that sits in the committee the block's sync aggregate is checked against
 * (that of the slot before the block), summed over its positions: participant_reward (Altair's
 * formula, full participation assumed) for each position whose bit is set, as much again lost for
 * each unset one. The bits are the positions the simulator saw take part in time for the chain's
 * block root of the slot before ({@link SyncLedger#participation}); a dropped validator's messages
 * never take part. An empty slot has no block (404).
 */
final class RewardEndpoints {
  private static final Pattern REWARDS =
      Pattern.compile("/eth/v1/beacon/rewards/attestations/([^/]+)");
  private static final long GWEI_PER_ETH = 1_000_000_000L;
  private static final long EFFECTIVE_BALANCE = 32 * GWEI_PER_ETH;
  private static final int SOURCE_WEIGHT = 14;
  private static final int TARGET_WEIGHT = 26;
  private static final int HEAD_WEIGHT = 14;
  private static final int WEIGHT_DENOMINATOR = 64;

  private static final Pattern SYNC_REWARDS =
      Pattern.compile("/eth/v1/beacon/rewards/sync_committee/([^/]+)");
  private static final int SYNC_REWARD_WEIGHT = 2;

  private final SimChain chain;
  private final AttestationLedger ledger;
  private final SyncLedger syncLedger;
  private final ToLongFunction<String> blockSlot;

  /**
   * @param blockSlot the slot of the block a block_id names (throws 404 for an empty slot)
   */
  RewardEndpoints(
      final SimChain chain,
      final AttestationLedger ledger,
      final SyncLedger syncLedger,
      final ToLongFunction<String> blockSlot) {
    this.chain = chain;
    this.ledger = ledger;
    this.syncLedger = syncLedger;
    this.blockSlot = blockSlot;
  }

  Optional<ApiResponse> route(final ApiRequest r, final String path) {
    final Matcher sync = SYNC_REWARDS.matcher(path);
    if (sync.matches()) {
      return Optional.of(
          ApiSupport.only(
              "POST".equals(r.method()),
              r,
              () -> syncRewards(blockSlot.applyAsLong(sync.group(1)), r)));
    }
    final Matcher m = REWARDS.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    final long epoch = ApiSupport.uint64(m.group(1), "epoch");
    return Optional.of(ApiSupport.only("POST".equals(r.method()), r, () -> rewards(epoch, r)));
  }

  private ApiResponse rewards(final long epoch, final ApiRequest r) {
    final long current = chain.currentEpoch();
    if (epoch >= current) {
      throw ApiException.badRequest(
          "attestation rewards of epoch "
              + Long.toUnsignedString(epoch)
              + " are not available before the epoch ends (current epoch "
              + current
              + ")");
    }
    final long baseReward = baseReward();
    final ArrayNode total = F.arrayNode();
    for (final int index : validators(r)) {
      final Optional<AttestationData> vote = ledger.onChainVote(index, epoch);
      final boolean source = vote.isPresent() && vote.get().source().equals(chain.justified(epoch));
      final boolean target = source && vote.get().target().equals(chain.boundary(epoch));
      final boolean head =
          target && vote.get().beaconBlockRoot().equals(chain.blockRoot(vote.get().slot()));
      total.add(
          F.objectNode()
              .put("validator_index", Integer.toString(index))
              .put("head", Long.toString(head ? share(baseReward, HEAD_WEIGHT) : 0))
              .put("target", Long.toString(signed(target, share(baseReward, TARGET_WEIGHT))))
              .put("source", Long.toString(signed(source, share(baseReward, SOURCE_WEIGHT))))
              .put("inactivity", "0"));
    }
    final ArrayNode ideal = F.arrayNode();
    ideal.add(
        F.objectNode()
            .put("effective_balance", Long.toString(EFFECTIVE_BALANCE))
            .put("head", Long.toString(share(baseReward, HEAD_WEIGHT)))
            .put("target", Long.toString(share(baseReward, TARGET_WEIGHT)))
            .put("source", Long.toString(share(baseReward, SOURCE_WEIGHT)))
            .put("inactivity", "0"));
    final ObjectNode data = F.objectNode();
    data.set("ideal_rewards", ideal);
    data.set("total_rewards", total);
    final ObjectNode body = F.objectNode();
    body.put("execution_optimistic", false);
    body.put("finalized", chain.finalized(current).epoch() > epoch);
    body.set("data", data);
    return ApiResponse.ok(body);
  }

  private ApiResponse syncRewards(final long slot, final ApiRequest r) {
    final List<Integer> asked = validators(r);
    final ArrayNode data = F.arrayNode();
    if (slot > 0) {
      final int[] committee = chain.syncCommitteeAtSlot(slot - 1);
      final BitSet bits = syncLedger.participation(slot - 1);
      final long reward = participantReward();
      final Map<Integer, Long> byValidator = new LinkedHashMap<>();
      final java.util.Set<Integer> wanted = new java.util.HashSet<>(asked);
      for (int position = 0; position < committee.length; position++) {
        if (wanted.contains(committee[position])) {
          byValidator.merge(committee[position], signed(bits.get(position), reward), Long::sum);
        }
      }
      byValidator.forEach(
          (index, amount) ->
              data.add(
                  F.objectNode()
                      .put("validator_index", Integer.toString(index))
                      .put("reward", Long.toString(amount))));
    }
    final ObjectNode body = F.objectNode();
    body.put("execution_optimistic", false);
    body.put("finalized", chain.startSlot(chain.finalized(chain.currentEpoch()).epoch()) > slot);
    body.set("data", data);
    return ApiResponse.ok(body);
  }

  /** Altair's participant_reward: a sync committee position's share of a slot's sync rewards. */
  private long participantReward() {
    final long totalBalance = EFFECTIVE_BALANCE * chain.validators().size();
    final long totalIncrements = totalBalance / GWEI_PER_ETH;
    final long perIncrement = GWEI_PER_ETH * 64 / isqrt(totalBalance);
    final long maxParticipantRewards =
        perIncrement
            * totalIncrements
            * SYNC_REWARD_WEIGHT
            / WEIGHT_DENOMINATOR
            / chain.schedule().preset().slotsPerEpoch();
    return maxParticipantRewards / chain.schedule().preset().syncCommitteeSize();
  }

  /** The validators asked for (indices or 0x public keys); none = every validator. */
  private List<Integer> validators(final ApiRequest r) {
    final List<Integer> indices = new ArrayList<>();
    final List<String> ids =
        r.body().isBlank() ? List.of() : ApiSupport.strings(ApiSupport.parseBody(r), "body");
    if (ids.isEmpty()) {
      for (int i = 0; i < chain.validators().size(); i++) {
        indices.add(i);
      }
      return indices;
    }
    for (final String id : ids) {
      if (id.startsWith("0x")) {
        final BlsPublicKey key;
        try {
          key = BlsPublicKey.fromHex(id);
        } catch (final IllegalArgumentException e) {
          throw ApiException.badRequest("invalid validator id " + id + ": " + e.getMessage());
        }
        indices.add(
            chain
                .validator(key)
                .map(SimValidator::index)
                .orElseThrow(() -> ApiException.badRequest("unknown validator " + id)));
      } else {
        final long index = ApiSupport.uint64(id, "validator index");
        if (chain.validator(index).isEmpty()) {
          throw ApiException.badRequest("unknown validator " + id);
        }
        indices.add((int) index);
      }
    }
    return indices;
  }

  /** Altair's base reward of a 32 ETH validator: increments × increment × 64 / isqrt(total). */
  private long baseReward() {
    final long totalBalance = EFFECTIVE_BALANCE * chain.validators().size();
    final long perIncrement = GWEI_PER_ETH * 64 / isqrt(totalBalance);
    return 32 * perIncrement;
  }

  private static long share(final long baseReward, final int weight) {
    return baseReward * weight / WEIGHT_DENOMINATOR;
  }

  private static long signed(final boolean earned, final long amount) {
    return earned ? amount : -amount;
  }

  static long isqrt(final long n) {
    long x = (long) Math.sqrt((double) n);
    while (x * x > n) {
      x--;
    }
    while ((x + 1) * (x + 1) <= n) {
      x++;
    }
    return x;
  }
}
