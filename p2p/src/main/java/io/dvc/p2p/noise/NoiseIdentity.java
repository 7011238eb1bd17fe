package io.dvc.p2p.noise;

import io.dvc.p2p.crypto.NodeKey;
import java.util.Arrays;

/**
 * A host's Noise static key with its libp2p handshake payload (identity key and signature over
 * {@code "noise-libp2p-static-key:" || s}), made once per host so that handshakes neither generate
 * nor sign anything beyond their ephemeral keys.
 */
public final class NoiseIdentity {
  private final NodeKey nodeKey;
  private final X25519.Pair staticKey;
  private final byte[] payload;

  private NoiseIdentity(final NodeKey nodeKey) {
    this.nodeKey = nodeKey;
    this.staticKey = X25519.generate();
    final byte[] prefix = NoiseXXHandshake.SIGNATURE_PREFIX;
    final byte[] signed = Arrays.copyOf(prefix, prefix.length + X25519.KEY_LENGTH);
    System.arraycopy(staticKey.publicKey(), 0, signed, prefix.length, X25519.KEY_LENGTH);
    this.payload =
        new NoiseHandshakePayload(nodeKey.publicKey().toProtobuf(), nodeKey.sign(signed)).encode();
  }

  public static NoiseIdentity create(final NodeKey nodeKey) {
    return new NoiseIdentity(nodeKey);
  }

  NodeKey nodeKey() {
    return nodeKey;
  }

  X25519.Pair staticKey() {
    return staticKey;
  }

  byte[] payload() {
    return payload.clone();
  }

  @Override
  public String toString() {
    return "NoiseIdentity[" + nodeKey.peerId() + "]";
  }
}
