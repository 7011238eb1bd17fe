package io.dvc.p2p.protocol;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.PeerPublicKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.p2p.util.MalformedInputException;
import io.dvc.p2p.util.Protobuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identify protobuf: publicKey = 1, listenAddrs = 2, protocols = 3, observedAddr = 4,
 * protocolVersion = 5, agentVersion = 6 (signedPeerRecord = 8 is ignored). Addresses that we cannot
 * parse are skipped rather than rejected, since peers may listen on transports we lack.
 */
public record IdentifyMessage(
    String protocolVersion,
    String agentVersion,
    byte[] publicKey,
    List<Multiaddr> listenAddrs,
    Optional<Multiaddr> observedAddr,
    List<String> protocols) {

  public IdentifyMessage {
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
  }

  public PeerId peerId() {
    return PeerId.fromPublicKey(PeerPublicKey.fromProtobuf(publicKey));
  }

  public byte[] encode() {
    final Protobuf.Writer w = new Protobuf.Writer();
    w.bytes(1, publicKey);
    listenAddrs.forEach(a -> w.bytes(2, a.toBytes()));
    protocols.forEach(p -> w.string(3, p));
    observedAddr.ifPresent(a -> w.bytes(4, a.toBytes()));
    w.string(5, protocolVersion);
    w.string(6, agentVersion);
    return w.toByteArray();
  }

  public static IdentifyMessage decode(final byte[] bytes) {
    String protocolVersion = "";
    String agentVersion = "";
    byte[] key = null;
    final List<Multiaddr> addrs = new ArrayList<>();
    Multiaddr observed = null;
    final List<String> protocols = new ArrayList<>();
    for (final Protobuf.Field f : Protobuf.parse(bytes)) {
      if (f.bytes() == null) {
        continue;
      }
      switch (f.number()) {
        case 1 -> key = f.bytes();
        case 2 -> parseAddr(f.bytes()).ifPresent(addrs::add);
        case 3 -> protocols.add(f.string());
        case 4 -> observed = parseAddr(f.bytes()).orElse(null);
        case 5 -> protocolVersion = f.string();
        case 6 -> agentVersion = f.string();
        default -> {}
      }
    }
    if (key == null) {
      throw new MalformedInputException("identify: publicKey missing");
    }
    return new IdentifyMessage(
        protocolVersion, agentVersion, key, addrs, Optional.ofNullable(observed), protocols);
  }

  private static Optional<Multiaddr> parseAddr(final byte[] b) {
    try {
      return Optional.of(Multiaddr.fromBytes(b));
    } catch (final MalformedInputException e) {
      return Optional.empty();
    }
  }
}
