package io.dvc.p2p.noise;

import io.dvc.p2p.util.MalformedInputException;
import io.dvc.p2p.util.Protobuf;

/**
 * The libp2p Noise handshake payload: {@code identity_key = 1} (protobuf public key), {@code
 * identity_sig = 2} (signature over "noise-libp2p-static-key:" followed by the static key) and
 * {@code extensions = 4}, which we neither send nor need.
 */
public record NoiseHandshakePayload(byte[] identityKey, byte[] identitySig) {
  public byte[] encode() {
    return new Protobuf.Writer().bytes(1, identityKey).bytes(2, identitySig).toByteArray();
  }

  public static NoiseHandshakePayload decode(final byte[] bytes) {
    byte[] key = null;
    byte[] sig = null;
    for (final Protobuf.Field f : Protobuf.parse(bytes)) {
      if (f.number() == 1 && f.bytes() != null) {
        key = f.bytes();
      } else if (f.number() == 2 && f.bytes() != null) {
        sig = f.bytes();
      }
    }
    if (key == null || sig == null) {
      throw new MalformedInputException("noise payload lacks identity_key or identity_sig");
    }
    return new NoiseHandshakePayload(key, sig);
  }
}
