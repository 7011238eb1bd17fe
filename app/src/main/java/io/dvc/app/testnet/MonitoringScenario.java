package io.dvc.app.testnet;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the testnet makes beacon-sim do wrong so that the monitors have something to see: validators
 * whose attestations it drops, an epoch from which finality stalls, and the consensus clients the
 * nodes' beacon nodes report (node i gets client i mod k, each on its own port of the one simulated
 * chain; none given: every node sees beacon-sim's own name).
 */
public record MonitoringScenario(
    List<Integer> dropValidators, OptionalLong stallFinalityFrom, List<String> beaconClients) {
  public MonitoringScenario {
    dropValidators = List.copyOf(dropValidators);
    beaconClients = List.copyOf(beaconClients);
    for (final int index : dropValidators) {
      if (index < 0) {
        throw new IllegalArgumentException("--drop-validator must be >= 0, got " + index);
      }
    }
    if (stallFinalityFrom.isPresent() && stallFinalityFrom.getAsLong() < 0) {
      throw new IllegalArgumentException("--stall-finality-from must be >= 0");
    }
    for (final String client : beaconClients) {
      if (client.isBlank() || client.contains("=") || client.contains(",")) {
        throw new IllegalArgumentException("--beacon-clients: bad client name '" + client + "'");
      }
    }
  }

  public static MonitoringScenario none() {
    return new MonitoringScenario(List.of(), OptionalLong.empty(), List.of());
  }

  /** The beacon-sim arguments; {@code extraPorts} has one port per client after the first. */
  List<String> simulatorArgs(final List<Integer> extraPorts) {
    final List<String> args = new ArrayList<>();
    for (final int index : dropValidators) {
      args.add("--drop-validator");
      args.add(Integer.toString(index));
    }
    if (stallFinalityFrom.isPresent()) {
      args.add("--stall-finality-from");
      args.add(Long.toString(stallFinalityFrom.getAsLong()));
    }
    if (!beaconClients.isEmpty()) {
      args.add("--client-name");
      args.add(beaconClients.get(0));
      for (int i = 1; i < beaconClients.size(); i++) {
        args.add("--extra-listener");
        args.add(extraPorts.get(i - 1) + "=" + beaconClients.get(i));
      }
    }
    return args;
  }

  /** Extra ports beacon-sim needs (one per client after the first). */
  int extraPorts() {
    return Math.max(0, beaconClients.size() - 1);
  }

  /** The beacon URL of node {@code i} (0-based). */
  String beaconUrl(final int node, final String mainUrl, final List<Integer> extraPorts) {
    if (beaconClients.size() < 2) {
      return mainUrl;
    }
    final int client = node % beaconClients.size();
    return client == 0 ? mainUrl : "http://127.0.0.1:" + extraPorts.get(client - 1);
  }
}
