package io.dvc.config.node;

import io.dvc.p2p.multiaddr.Multiaddr;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The configuration of {@code dvc run}, validated: where the node keeps its data and finds its
 * operator directory, its beacon nodes, its p2p addresses, the ports it serves and its log format.
 * Built by {@link NodeConfigLoader} from a file, DVC_* environment variables and flags.
 */
public record NodeConfig(
    Path dataDir,
    Path operatorDir,
    List<URI> beaconNodeUrls,
    List<Multiaddr> p2pListenAddresses,
    List<Multiaddr> p2pExternalAddresses,
    int validatorApiPort,
    int metricsPort,
    int healthPort,
    LogFormat logFormat) {
  public NodeConfig {
    beaconNodeUrls = List.copyOf(beaconNodeUrls);
    p2pListenAddresses = List.copyOf(p2pListenAddresses);
    p2pExternalAddresses = List.copyOf(p2pExternalAddresses);
  }
}
