package io.dvc.node.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.text.SafeText;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The document behind {@code /dvc/v1/status}: {@code version}, {@code time_ms}, {@code state}
 * ({@code ready} or why not), then one key per registered {@link StatusSection}, in registration
 * order. Sections can be registered at any time (a node registers most of them once it has a beacon
 * node and a network).
 */
public final class NodeStatus {
  public static final String VERSION = "dvc/status/v1";

  private final Map<Integer, StatusSection> sections = new ConcurrentSkipListMap<>();
  private final Supplier<java.util.Optional<String>> notReady;
  private final LongSupplier clock;
  private int next;

  /**
   * @param notReady empty when the node is ready, else why not
   * @param clock wall-clock milliseconds
   */
  public NodeStatus(final Supplier<java.util.Optional<String>> notReady, final LongSupplier clock) {
    this.notReady = notReady;
    this.clock = clock;
  }

  /** Adds a section; a later section with the same name replaces the earlier one. */
  public synchronized void register(final StatusSection section) {
    sections.entrySet().removeIf(e -> e.getValue().name().equals(section.name()));
    sections.put(next++, section);
  }

  /** The whole document. */
  public ObjectNode snapshot() {
    final ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("version", VERSION);
    root.put("time_ms", clock.getAsLong());
    root.put("state", notReady.get().orElse("ready"));
    for (final StatusSection section : sections.values()) {
      JsonNode content;
      try {
        content = section.snapshot();
      } catch (final RuntimeException e) {
        final ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("error", SafeText.escape(String.valueOf(e.getMessage())));
        content = error;
      }
      root.set(section.name(), content);
    }
    return root;
  }
}
