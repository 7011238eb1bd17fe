package io.dvc.config.cluster;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.util.List;
import java.util.Objects;

/** One operator of a cluster: a name, its libp2p peer id and the multiaddrs it is reached at. */
public record Operator(String name, PeerId peerId, List<Multiaddr> addresses) {
  public Operator {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(peerId, "peerId");
    addresses = List.copyOf(addresses);
  }
}
