package io.dvc.node.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Logs each alert as one WARN line ({@code ALERT kind epoch=E [validator=V]: message}), counts it
 * and keeps the last {@value #KEPT} for the JSON view. Thread-safe.
 */
public final class AlertLog {
  static final int KEPT = 200;

  private final Logger log;
  private final Consumer<String> counter;
  private final Deque<Alert> recent = new ArrayDeque<>();

  public AlertLog(final Logger log, final Consumer<String> counter) {
    this.log = log;
    this.counter = counter;
  }

  public void raise(final Alert alert) {
    log.warn(
        "ALERT {} epoch={}{}: {}",
        alert.kind(),
        alert.epoch(),
        alert.validatorIndex().isPresent()
            ? " validator=" + alert.validatorIndex().getAsLong()
            : "",
        alert.message());
    counter.accept(alert.kind());
    synchronized (recent) {
      if (recent.size() == KEPT) {
        recent.removeFirst();
      }
      recent.addLast(alert);
    }
  }

  public void raiseAll(final List<Alert> alerts) {
    alerts.forEach(this::raise);
  }

  public List<Alert> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  public ArrayNode toJson() {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (final Alert alert : recent()) {
      final ObjectNode node = array.addObject();
      node.put("kind", alert.kind());
      node.put("epoch", alert.epoch());
      if (alert.validatorIndex().isPresent()) {
        node.put("validator_index", alert.validatorIndex().getAsLong());
      }
      node.put("message", alert.message());
    }
    return array;
  }
}
