package io.dvc.node.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.node.duty.DutyOutcome;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The {@code duties} status section: the outcomes of the duties of the last {@code epochs} epochs
 * (the current one included) by type: succeeded, failed, and failures by reason.
 */
public final class DutySummary implements StatusSection {
  private final Function<Long, List<DutyOutcome>> outcomesSince;
  private final LongSupplier currentEpoch;
  private final long slotsPerEpoch;
  private final int epochs;

  /**
   * @param outcomesSince the outcomes of duties at or after a slot
   * @param currentEpoch the current epoch (negative before genesis)
   */
  public DutySummary(
      final Function<Long, List<DutyOutcome>> outcomesSince,
      final LongSupplier currentEpoch,
      final long slotsPerEpoch,
      final int epochs) {
    this.outcomesSince = outcomesSince;
    this.currentEpoch = currentEpoch;
    this.slotsPerEpoch = slotsPerEpoch;
    this.epochs = epochs;
  }

  @Override
  public String name() {
    return "duties";
  }

  @Override
  public JsonNode snapshot() {
    final long firstEpoch = Math.max(0, currentEpoch.getAsLong() - epochs + 1);
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("from_epoch", firstEpoch);
    node.put("to_epoch", Math.max(0, currentEpoch.getAsLong()));
    final ObjectNode byType = node.putObject("by_type");
    for (final DutyOutcome outcome : outcomesSince.apply(firstEpoch * slotsPerEpoch)) {
      final String label = outcome.duty().type().label();
      ObjectNode type = (ObjectNode) byType.get(label);
      if (type == null) {
        type = byType.putObject(label);
        type.put("succeeded", 0);
        type.put("failed", 0);
        type.putObject("failures");
      }
      if (outcome.succeeded()) {
        type.put("succeeded", type.get("succeeded").asLong() + 1);
      } else {
        type.put("failed", type.get("failed").asLong() + 1);
        final ObjectNode failures = (ObjectNode) type.get("failures");
        final String reason = outcome.failure().get().label();
        failures.put(reason, failures.path(reason).asLong() + 1);
      }
    }
    return node;
  }
}
