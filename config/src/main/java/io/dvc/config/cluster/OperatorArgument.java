package io.dvc.config.cluster;

import io.dvc.config.ClusterConfigException;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.util.ArrayList;
import java.util.List;

/**
 * One operator given on a command line as {@code NAME=PEER_ID@MULTIADDR[,MULTIADDR…]} (addresses
 * optional: {@code NAME=PEER_ID}). Errors name the argument ({@code source}) and the bad part.
 */
public final class OperatorArgument {
  private OperatorArgument() {}

  /**
   * Parses one operator.
   *
   * @param source how to name the argument in errors, e.g. {@code --operator[2]}
   * @throws ClusterConfigException naming the source and the bad part
   */
  public static Operator parse(final String text, final String source) {
    final int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new ClusterConfigException(
          source, "'" + text + "'", "expected NAME=PEER_ID@MULTIADDR[,MULTIADDR]");
    }
    final String name = text.substring(0, equals).trim();
    final String rest = text.substring(equals + 1).trim();
    final int at = rest.indexOf('@');
    final String peerText = at < 0 ? rest : rest.substring(0, at);
    final PeerId peerId;
    try {
      peerId = PeerId.fromBase58(peerText);
    } catch (final RuntimeException e) {
      throw new ClusterConfigException(
          source, "peer id", "'" + peerText + "' is not a libp2p peer id (" + e.getMessage() + ")");
    }
    if (ClusterJson.secp256k1Key(peerId).isEmpty()) {
      throw new ClusterConfigException(
          source,
          "peer id",
          "'"
              + peerText
              + "' does not embed a secp256k1 public key (make one with dvc identity create)");
    }
    final List<Multiaddr> addresses = new ArrayList<>();
    if (at >= 0) {
      for (final String part : rest.substring(at + 1).split(",", -1)) {
        final String address = part.trim();
        try {
          addresses.add(Multiaddr.fromString(address));
        } catch (final RuntimeException e) {
          throw new ClusterConfigException(
              source, "address", "'" + address + "' is not a multiaddr (" + e.getMessage() + ")");
        }
      }
    }
    return new Operator(name, peerId, addresses);
  }
}
