package io.dvc.node.cluster;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.PeerPublicKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.util.Optional;

/** A cluster operator: its share index (1..n), libp2p identity and where to reach it. */
public record Operator(
    int index, PeerId peerId, PeerPublicKey publicKey, Optional<Multiaddr> address) {

  /** The identity key inside an identity-multihash peer id (secp256k1 and Ed25519 ids hold it). */
  public static PeerPublicKey publicKeyOf(final PeerId peerId) {
    return peerId
        .embeddedPublicKey()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "peer id " + peerId + " does not embed its public key"));
  }
}
