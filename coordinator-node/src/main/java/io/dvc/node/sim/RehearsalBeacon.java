package io.dvc.node.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconNode;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The beacon node of the start-up rehearsal, in memory but at the HTTP level (forms in, JSON
 * answers out, so the real request classes parse them): every validator attests in the first slot
 * of each epoch. It counts submitted attestations.
 */
final class RehearsalBeacon implements BeaconNode {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ForkSchedule schedule;
  private final Map<Long, byte[]> pubkeys;
  private final AtomicLong submitted = new AtomicLong();

  RehearsalBeacon(final ForkSchedule schedule, final Map<Long, byte[]> pubkeys) {
    this.schedule = schedule;
    this.pubkeys = Map.copyOf(pubkeys);
  }

  long submitted() {
    return submitted.get();
  }

  @Override
  public String url() {
    return "rehearsal";
  }

  @Override
  public CompletableFuture<BeaconAnswer> exchange(final HttpForm form, final int maxAnswerBytes) {
    final String path = form.path();
    final JsonNode answer;
    if (path.startsWith("/eth/v1/validator/duties/attester/")) {
      answer = duties(Long.parseLong(path.substring(path.lastIndexOf('/') + 1)));
    } else if (path.equals("/eth/v1/validator/attestation_data")) {
      final String query = form.pathAndQuery().substring(form.pathAndQuery().indexOf('?') + 1);
      final long slot = Long.parseLong(query.split("&")[0].substring("slot=".length()));
      final ObjectNode data = MAPPER.createObjectNode();
      data.set("data", schedule.schemas().attestationData.toJson(data(slot)));
      answer = data;
    } else if (path.endsWith("/beacon/pool/attestations")) {
      submitted.addAndGet(read(form.body().orElseThrow().bytes()).size());
      answer = null;
    } else if (path.equals("/eth/v1/validator/beacon_committee_subscriptions")) {
      answer = null;
    } else {
      return CompletableFuture.completedFuture(
          new BeaconAnswer(
              url(), 404, Map.of(), "{\"code\":404}".getBytes(StandardCharsets.UTF_8)));
    }
    return CompletableFuture.completedFuture(
        new BeaconAnswer(
            url(),
            200,
            Map.of(),
            answer == null ? new byte[0] : answer.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private JsonNode duties(final long epoch) {
    final long slot = epoch * schedule.slotsPerEpoch();
    final int n = pubkeys.size();
    final int committees = Math.max(1, Math.min(64, n / 8));
    final int committeeLength = (n + committees - 1) / committees;
    final ObjectNode answer = MAPPER.createObjectNode();
    answer.put("dependent_root", Bytes.of(new byte[32]).toHex());
    final ArrayNode duties = answer.putArray("data");
    for (final Map.Entry<Long, byte[]> e : new java.util.TreeMap<>(pubkeys).entrySet()) {
      final long v = e.getKey();
      duties
          .addObject()
          .put("pubkey", Bytes.of(e.getValue()).toHex())
          .put("validator_index", Long.toString(v))
          .put("committee_index", Long.toString(v % committees))
          .put("committee_length", Long.toString(committeeLength))
          .put("committees_at_slot", Long.toString(committees))
          .put("validator_committee_index", Long.toString(v / committees))
          .put("slot", Long.toString(slot));
    }
    return answer;
  }

  private AttestationData data(final long slot) {
    final long epoch = slot / schedule.slotsPerEpoch();
    return new AttestationData(
        slot,
        0,
        Bytes.of(root(slot)),
        new Checkpoint(Math.max(0, epoch - 1), Bytes.of(root(epoch * 7 + 1))),
        new Checkpoint(epoch, Bytes.of(root(epoch * 7 + 2))));
  }

  private static JsonNode read(final byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (final IOException e) {
      return MAPPER.createArrayNode();
    }
  }

  private static byte[] root(final long seed) {
    final byte[] root = new byte[32];
    for (int i = 0; i < 8; i++) {
      root[i] = (byte) (seed >>> (8 * i));
    }
    root[31] = 1;
    return root;
  }
}
