package io.dvc.app.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's attester and sync duties as the testnet learns them from the beacon node, epoch by
 * epoch: a beacon node serves duties up to the epoch after the current one only, so the duties of
 * epoch {@code e + 1} are asked for once the chain is in epoch {@code e} (epochs 0 and 1 before
 * genesis), and asked again at the next slot when the node refused.
 */
final class DutySchedule {
  /** POST of a JSON body to a beacon-node path, returning the parsed response. */
  @FunctionalInterface
  interface Post {
    JsonNode post(String path, String body) throws IOException, InterruptedException;
  }

  private final Post post;
  private final String clusterIndices;
  private final int epochs;
  private final long slotsPerEpoch;
  private final Map<Long, Map<Long, Long>> attesterSlots = new ConcurrentHashMap<>();
  private final Map<Long, Set<Long>> syncMembers = new ConcurrentHashMap<>();
  private long nextEpoch;

  /**
   * @param validators the cluster's validators (indices 0..validators-1)
   * @param epochs the epochs of the run: attester duties of 0..epochs-1, sync duties of 0..epochs
   *     (the last slot of the run is signed by the next epoch's period)
   */
  DutySchedule(final Post post, final int validators, final int epochs, final long slotsPerEpoch) {
    this.post = post;
    final StringBuilder indices = new StringBuilder("[");
    for (int i = 0; i < validators; i++) {
      indices.append(i == 0 ? "" : ",").append('"').append(i).append('"');
    }
    this.clusterIndices = indices.append(']').toString();
    this.epochs = epochs;
    this.slotsPerEpoch = slotsPerEpoch;
  }

  /**
   * Fetches every epoch's duties that the chain at {@code slot} makes available and that are not
   * known yet; stops at the first refusal (tried again on the next call).
   *
   * @return the refusal's message, or null when everything due was fetched
   */
  String advanceTo(final long slot) throws InterruptedException {
    while (nextEpoch <= epochs && slot / slotsPerEpoch + 1 >= nextEpoch) {
      try {
        fetch(nextEpoch);
      } catch (final IOException e) {
        return "duties of epoch " + nextEpoch + " not available yet: " + e.getMessage();
      }
      nextEpoch++;
    }
    return null;
  }

  private void fetch(final long epoch) throws IOException, InterruptedException {
    if (epoch < epochs && !attesterSlots.containsKey(epoch)) {
      final Map<Long, Long> slots = new HashMap<>();
      for (final JsonNode duty :
          post.post("/eth/v1/validator/duties/attester/" + epoch, clusterIndices).path("data")) {
        slots.put(duty.path("validator_index").asLong(), duty.path("slot").asLong());
      }
      attesterSlots.put(epoch, slots);
    }
    if (!syncMembers.containsKey(epoch)) {
      final Set<Long> members = new TreeSet<>();
      post.post("/eth/v1/validator/duties/sync/" + epoch, clusterIndices)
          .path("data")
          .forEach(duty -> members.add(duty.path("validator_index").asLong()));
      syncMembers.put(epoch, Set.copyOf(members));
    }
  }

  /** epoch → (validator index → attester duty slot), for the epochs fetched so far. */
  Map<Long, Map<Long, Long>> attesterSlots() {
    return attesterSlots;
  }

  /** The cluster validators due to sign the sync committee message of a slot (period of slot+1). */
  Set<Long> syncMembersAt(final long slot) {
    return syncMembers.getOrDefault((slot + 1) / slotsPerEpoch, Set.of());
  }

  /** slot → the cluster validators due to sign its sync message, for every slot of the run. */
  Map<Long, Set<Long>> syncMessageDuties() {
    final Map<Long, Set<Long>> result = new TreeMap<>();
    for (long slot = 0; slot < epochs * slotsPerEpoch; slot++) {
      final Set<Long> members = syncMembers.get((slot + 1) / slotsPerEpoch);
      if (members != null) {
        result.put(slot, members);
      }
    }
    return result;
  }
}
