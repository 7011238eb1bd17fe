package io.dvc.beaconsim;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Switches that make the simulator misbehave on purpose, for monitoring tests: drop a validator's
 * attestations and sync committee messages (accepted with 200, as a beacon node that drops them
 * before gossip would, but never included), stall finality from an epoch on, and the client name it
 * reports in {@code /eth/v1/node/version} — on its main port and on extra ports that serve the same
 * chain under other names (so one simulated chain can look like several beacon-node clients).
 * Thread-safe; the drop and finality switches can change while the simulator runs.
 */
public final class SimControls {
  /** The version string beacon-sim reports unless told otherwise. */
  public static final String DEFAULT_VERSION = BeaconApi.VERSION;

  private final Set<Integer> dropped = ConcurrentHashMap.newKeySet();
  private volatile long finalityStalledFrom = Long.MAX_VALUE;
  private volatile String clientVersion = DEFAULT_VERSION;
  private final List<Listener> extraListeners = new ArrayList<>();

  /** An extra port (0 = any free port) and the version string it reports. */
  public record Listener(int port, String clientVersion) {}

  /**
   * Attestations and sync committee messages of this validator are answered 200 but never included
   * (nor rewarded).
   */
  public SimControls dropSubmissionsOf(final int validatorIndex) {
    if (validatorIndex < 0) {
      throw new IllegalArgumentException("validator index must be >= 0, got " + validatorIndex);
    }
    dropped.add(validatorIndex);
    return this;
  }

  public SimControls restoreSubmissionsOf(final int validatorIndex) {
    dropped.remove(validatorIndex);
    return this;
  }

  public boolean isDropped(final int validatorIndex) {
    return dropped.contains(validatorIndex);
  }

  public Set<Integer> dropped() {
    return Set.copyOf(dropped);
  }

  /**
   * From this epoch on the finalized checkpoint stays what it was in this epoch (justification goes
   * on, so attestations keep their usual source and no vote becomes slashable).
   */
  public SimControls stallFinalityFrom(final long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    finalityStalledFrom = epoch;
    return this;
  }

  public OptionalLong finalityStalledFrom() {
    final long epoch = finalityStalledFrom;
    return epoch == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(epoch);
  }

  /**
   * The {@code version} of {@code /eth/v1/node/version} on the main port: a name such as {@code
   * Lighthouse} becomes {@code Lighthouse/v0.1.0-beacon-sim}; text with a '/' is taken as it is.
   */
  public SimControls clientName(final String name) {
    clientVersion = versionString(name);
    return this;
  }

  public String clientVersion() {
    return clientVersion;
  }

  /** Another port on 127.0.0.1 serving the same chain, reporting this client (0 = any port). */
  public synchronized SimControls extraListener(final int port, final String clientName) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (port != 0 && extraListeners.stream().anyMatch(l -> l.port() == port)) {
      throw new IllegalArgumentException("port " + port + " is given twice");
    }
    extraListeners.add(new Listener(port, versionString(clientName)));
    return this;
  }

  /** The extra listeners, in the order given. */
  public synchronized List<Listener> extraListeners() {
    return List.copyOf(extraListeners);
  }

  static String versionString(final String name) {
    if (name == null || name.isBlank() || name.length() > 100) {
      throw new IllegalArgumentException("a client name must have 1..100 characters");
    }
    for (int i = 0; i < name.length(); i++) {
      final char c = name.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("a client name must be printable ASCII: " + name);
      }
    }
    return name.contains("/") ? name : name + "/v0.1.0-beacon-sim";
  }
}
