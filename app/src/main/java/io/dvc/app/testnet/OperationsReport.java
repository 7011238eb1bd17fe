package io.dvc.app.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builder registrations and voluntary exits as the simulated beacon node saw them: registrations
 * must reach it for every cluster validator in every epoch run, with none invalid; every exit asked
 * for must be in its registry, with no invalid exit.
 *
 * @param registeredByEpoch cluster validators with a valid registration, per epoch run
 * @param exitsRequested the exits asked for (validator@slot)
 * @param exited validators the beacon node recorded as exiting, with their exit epoch
 * @param exitOutcomes what {@code dvc exit} printed for each request
 */
record OperationsReport(
    int clusterValidators,
    Map<Long, Long> registeredByEpoch,
    long registrationsReceived,
    long registrationsInvalid,
    Map<String, Long> registrationsRejected,
    List<ExitEvent> exitsRequested,
    Map<Long, Long> exited,
    long exitDuplicates,
    long exitsInvalid,
    Map<String, Long> exitsRejected,
    List<String> exitOutcomes) {

  static OperationsReport of(
      final JsonNode summary,
      final int clusterValidators,
      final int epochs,
      final List<ExitEvent> requested,
      final List<String> exitOutcomes) {
    final JsonNode registrations = summary.path("registrations");
    final Map<Long, Long> byEpoch = new TreeMap<>();
    for (long e = 0; e < epochs; e++) {
      byEpoch.put(e, 0L);
    }
    for (final JsonNode epoch : registrations.path("epochs")) {
      final long e = epoch.path("epoch").asLong();
      if (e < epochs) {
        byEpoch.put(e, epoch.path("cluster_registered").asLong());
      }
    }
    final JsonNode exits = summary.path("exits");
    final Map<Long, Long> exited = new TreeMap<>();
    for (final JsonNode exit : exits.path("exited")) {
      exited.put(exit.path("validator_index").asLong(), exit.path("exit_epoch").asLong());
    }
    return new OperationsReport(
        clusterValidators,
        byEpoch,
        registrations.path("received").asLong(),
        registrations.path("invalid").asLong(),
        reasons(registrations.path("rejected_by_reason")),
        requested,
        exited,
        exits.path("duplicates").asLong(),
        exits.path("invalid").asLong(),
        reasons(exits.path("rejected_by_reason")),
        List.copyOf(exitOutcomes));
  }

  private static Map<String, Long> reasons(final JsonNode node) {
    final Map<String, Long> reasons = new TreeMap<>();
    node.fields().forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asLong()));
    return reasons;
  }

  boolean registrationsPassed() {
    return registrationsInvalid == 0
        && registeredByEpoch.values().stream().allMatch(n -> n == clusterValidators);
  }

  boolean exitsPassed() {
    return exitsInvalid == 0
        && exitsRequested.stream().allMatch(e -> exited.containsKey(e.validator()));
  }

  boolean passed() {
    return registrationsPassed() && exitsPassed();
  }

  void print(final PrintStream out) {
    final List<String> epochs = new ArrayList<>();
    registeredByEpoch.forEach(
        (e, n) -> epochs.add("epoch " + e + " " + n + "/" + clusterValidators));
    out.printf(
        "builder registrations accepted: %s; %d received, %d invalid %s%n",
        String.join(", ", epochs),
        registrationsReceived,
        registrationsInvalid,
        registrationsRejected.isEmpty() ? "" : registrationsRejected.toString());
    if (!exitsRequested.isEmpty() || !exited.isEmpty()) {
      out.printf(
          "voluntary exits: %d requested %s, in beacon-sim's registry (validator=exit epoch): %s;"
              + " %d duplicates, %d invalid %s%n",
          exitsRequested.size(),
          exitsRequested.stream().map(e -> e.validator() + "@" + e.slot()).toList(),
          exited,
          exitDuplicates,
          exitsInvalid,
          exitsRejected.isEmpty() ? "" : exitsRejected.toString());
      exitOutcomes.forEach(line -> out.println("  dvc exit: " + line));
    }
  }

  ObjectNode toJson() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    final ObjectNode registrations = node.putObject("registrations");
    final ObjectNode byEpoch = registrations.putObject("cluster_registered_by_epoch");
    registeredByEpoch.forEach((e, n) -> byEpoch.put(Long.toString(e), n));
    registrations.put("cluster_validators", clusterValidators);
    registrations.put("received", registrationsReceived);
    registrations.put("invalid", registrationsInvalid);
    registrations.put("passed", registrationsPassed());
    final ObjectNode exits = node.putObject("exits");
    final var requested = exits.putArray("requested");
    exitsRequested.forEach(e -> requested.add(e.validator() + "@" + e.slot()));
    final ObjectNode exitedNode = exits.putObject("exited");
    exited.forEach((v, e) -> exitedNode.put(Long.toString(v), e));
    exits.put("duplicates", exitDuplicates);
    exits.put("invalid", exitsInvalid);
    exits.put("passed", exitsPassed());
    return node;
  }
}
