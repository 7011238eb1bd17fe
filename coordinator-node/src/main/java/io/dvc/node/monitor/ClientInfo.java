package io.dvc.node.monitor;

import java.util.List;
import java.util.Optional;

/**
 * What one operator tells the cluster about its software: its DVC version, its clock, the clients
 * of its beacon nodes and of its execution node (when known).
 */
public record ClientInfo(
    int operatorIndex,
    String dvcVersion,
    long unixMillis,
    List<ClientVersion> beaconNodes,
    Optional<ClientVersion> execution) {
  public static final int MAX_BEACON_NODES = 16;

  public ClientInfo {
    beaconNodes = List.copyOf(beaconNodes);
    if (beaconNodes.size() > MAX_BEACON_NODES) {
      throw new IllegalArgumentException(
          "at most " + MAX_BEACON_NODES + " beacon nodes, got " + beaconNodes.size());
    }
    if (dvcVersion.length() > ClientVersion.MAX_LENGTH) {
      throw new IllegalArgumentException("DVC version longer than 100 characters");
    }
  }
}
