package io.dvc.node.pipeline;

import io.dvc.node.duty.Duty;
import io.dvc.spec.ssz.Bytes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What is known so far of one duty kind at one slot: its validators, this node's own view, the
 * decided value and the signing roots this node expects. Owned by the workflow thread.
 */
public final class DutyState {
  final DutyPlugin plugin;
  final long slot;
  final long startMillis;
  final List<Long> validators;
  Optional<byte[]> own = Optional.empty();
  Optional<byte[]> decided = Optional.empty();

  /** The signing root of each validator (and part), once this node knows the decided value. */
  Optional<Map<SignatureKey, Bytes>> expectedRoots = Optional.empty();

  /** Signatures whose combined form was handed to the plug-in's submission. */
  final java.util.Set<SignatureKey> submitted = new java.util.HashSet<>();

  private final Map<String, Long> timeline = new LinkedHashMap<>();

  DutyState(
      final DutyPlugin plugin,
      final long slot,
      final long startMillis,
      final List<Long> validators) {
    this.plugin = plugin;
    this.slot = slot;
    this.startMillis = startMillis;
    this.validators = List.copyOf(validators);
  }

  public DutyPlugin plugin() {
    return plugin;
  }

  public long slot() {
    return slot;
  }

  public List<Long> validators() {
    return validators;
  }

  List<Duty> duties() {
    return validators.stream().map(v -> new Duty(plugin.type(), slot, v)).toList();
  }

  /** Notes the first time {@code step} completed, in ms after the duty start. */
  void mark(final String step, final long nowMillis) {
    timeline.putIfAbsent(step, nowMillis - startMillis);
  }

  boolean marked(final String step) {
    return timeline.containsKey(step);
  }

  /** "data +12 ms, decided +45 ms, ..." */
  String timeline() {
    return timeline.entrySet().stream()
        .map(e -> e.getKey() + " +" + e.getValue() + " ms")
        .collect(Collectors.joining(", "));
  }
}
