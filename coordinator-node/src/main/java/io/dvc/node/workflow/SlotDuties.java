package io.dvc.node.workflow;

import io.dvc.node.beaconapi.AttesterDuty;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyType;
import io.dvc.spec.types.AttestationData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The attester duties of the cluster at one slot and what is known of them so far: this node's own
 * beacon view and the decided data.
 */
final class SlotDuties {
  final long slot;
  final long startMillis;
  final Map<Long, AttesterDuty> byValidator;
  Optional<AttestationData> ownView = Optional.empty();
  Optional<AttestationData> decided = Optional.empty();

  /** Milliseconds after the duty start at which each step first completed, in order. */
  private final Map<String, Long> timeline = new LinkedHashMap<>();

  SlotDuties(final long slot, final long startMillis, final List<AttesterDuty> duties) {
    this.slot = slot;
    this.startMillis = startMillis;
    this.byValidator =
        duties.stream()
            .collect(
                Collectors.toUnmodifiableMap(AttesterDuty::validatorIndex, Function.identity()));
  }

  List<Duty> duties() {
    return byValidator.keySet().stream()
        .sorted()
        .map(index -> new Duty(DutyType.ATTESTER, slot, index))
        .toList();
  }

  /** Notes the first time {@code step} completed. */
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

  static Duty duty(final long slot, final long validatorIndex) {
    return new Duty(DutyType.ATTESTER, slot, validatorIndex);
  }
}
