package io.dvc.node.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.api.PostStateValidators;
import io.dvc.node.beacon.api.ValidatorInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code validators} status section: the cluster's validators counted by their Beacon-API
 * status grouped as pending, active, exiting, exited and slashed (withdrawn ones count as exited),
 * plus those the beacon node does not know yet ({@code unknown}: deposit not processed).
 */
public final class ValidatorStatus implements StatusSection {
  static final List<String> GROUPS =
      List.of("pending", "active", "exiting", "exited", "slashed", "unknown");

  private final List<String> pubkeys;
  private Optional<Map<String, Integer>> counts = Optional.empty();
  private String error = "not asked yet";

  public ValidatorStatus(final List<String> pubkeys) {
    this.pubkeys = List.copyOf(pubkeys);
  }

  /** The group of a Beacon-API validator status. */
  static String group(final String status) {
    return switch (status) {
      case "pending_initialized", "pending_queued" -> "pending";
      case "active_ongoing" -> "active";
      case "active_exiting" -> "exiting";
      case "active_slashed", "exited_slashed" -> "slashed";
      case "exited_unslashed", "withdrawal_possible", "withdrawal_done" -> "exited";
      default -> "unknown";
    };
  }

  /** Counts the infos the beacon node returned for this cluster's validators. */
  static Map<String, Integer> count(final int total, final List<ValidatorInfo> infos) {
    final Map<String, Integer> counts = new LinkedHashMap<>();
    GROUPS.forEach(g -> counts.put(g, 0));
    for (final ValidatorInfo info : infos) {
      counts.merge(group(info.status()), 1, Integer::sum);
    }
    counts.merge("unknown", Math.max(0, total - infos.size()), Integer::sum);
    return counts;
  }

  /** Asks the beacon node; the result arrives later. */
  public void probe(final BeaconClient beacon) {
    PostStateValidators.fetch(beacon, pubkeys)
        .whenComplete(
            (infos, failure) -> {
              synchronized (this) {
                if (failure != null) {
                  final Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                  error = String.valueOf(cause.getMessage());
                } else {
                  counts = Optional.of(count(pubkeys.size(), infos));
                  error = "";
                }
              }
            });
  }

  @Override
  public String name() {
    return "validators";
  }

  @Override
  public synchronized JsonNode snapshot() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("total", pubkeys.size());
    final ObjectNode byStatus = node.putObject("by_status");
    counts.ifPresent(c -> c.forEach(byStatus::put));
    node.put("error", error);
    return node;
  }
}
