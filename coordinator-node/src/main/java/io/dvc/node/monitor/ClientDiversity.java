package io.dvc.node.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster's client mix, without I/O: the latest {@link ClientInfo} of each operator (own and
 * peers'), the number of beacon nodes per consensus client and of operators per execution client, a
 * supermajority warning when one client runs behind at least 2/3 of them (a bug in that client
 * could then make the cluster attest to a wrong chain), and operators whose client release is
 * behind another operator's release of the same client (or of DVC itself) in its major or minor
 * number. Nothing is concluded before two operators (or the only one) have reported. Thread-safe.
 */
public final class ClientDiversity {
  private final int operators;
  private final Map<Integer, ClientInfo> latest = new TreeMap<>();

  /** The analysis. */
  public record Report(
      Map<String, Integer> consensus,
      Map<String, Integer> execution,
      Optional<String> consensusSupermajority,
      Optional<String> executionSupermajority,
      List<String> outdated,
      int reporting) {}

  public ClientDiversity(final int operators) {
    this.operators = operators;
  }

  public synchronized void update(final ClientInfo info) {
    latest.put(info.operatorIndex(), info);
  }

  public synchronized Map<Integer, ClientInfo> latest() {
    return Map.copyOf(latest);
  }

  public synchronized Report report() {
    final Map<String, Integer> consensus = new TreeMap<>();
    final Map<String, Integer> execution = new TreeMap<>();
    for (final ClientInfo info : latest.values()) {
      info.beaconNodes().forEach(c -> consensus.merge(c.client(), 1, Integer::sum));
      info.execution().ifPresent(c -> execution.merge(c.client(), 1, Integer::sum));
    }
    final boolean enough = latest.size() >= Math.min(2, operators);
    return new Report(
        java.util.Collections.unmodifiableMap(consensus),
        java.util.Collections.unmodifiableMap(execution),
        enough ? supermajority(consensus) : Optional.empty(),
        enough ? supermajority(execution) : Optional.empty(),
        enough ? outdated() : List.of(),
        latest.size());
  }

  private static Optional<String> supermajority(final Map<String, Integer> mix) {
    final int total = mix.values().stream().mapToInt(Integer::intValue).sum();
    for (final Map.Entry<String, Integer> entry : mix.entrySet()) {
      if (total > 0 && 3L * entry.getValue() >= 2L * total) {
        return Optional.of(entry.getKey());
      }
    }
    return Optional.empty();
  }

  private List<String> outdated() {
    final Map<String, ClientVersion> newest = new TreeMap<>();
    for (final ClientInfo info : latest.values()) {
      for (final ClientVersion client : clients(info)) {
        newest.merge(client.client(), client, (a, b) -> a.behindInMinor(b) ? b : a);
      }
    }
    final List<String> outdated = new ArrayList<>();
    for (final ClientInfo info : latest.values()) {
      for (final ClientVersion client : clients(info)) {
        final ClientVersion best = newest.get(client.client());
        if (client.behindInMinor(best)) {
          outdated.add(
              "operator "
                  + info.operatorIndex()
                  + " runs "
                  + client
                  + " while another operator runs "
                  + best.version());
        }
      }
    }
    return outdated.stream().distinct().toList();
  }

  /** The clients whose releases are compared: beacon nodes, execution node and DVC itself. */
  private static List<ClientVersion> clients(final ClientInfo info) {
    final List<ClientVersion> clients = new ArrayList<>(info.beaconNodes());
    info.execution().ifPresent(clients::add);
    if (!info.dvcVersion().isEmpty()) {
      clients.add(new ClientVersion("dvc", info.dvcVersion()));
    }
    return clients;
  }
}
