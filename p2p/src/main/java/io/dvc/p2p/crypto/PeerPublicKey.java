package io.dvc.p2p.crypto;

import io.dvc.p2p.util.MalformedInputException;
import io.dvc.p2p.util.Protobuf;
import java.util.Arrays;

/**
 * A libp2p identity public key: {@code message PublicKey { required KeyType Type = 1; required
 * bytes Data = 2; }}. Ed25519, secp256k1 and RSA are accepted; ECDSA is rejected.
 */
public abstract sealed class PeerPublicKey
    permits Secp256k1PublicKey, Ed25519PublicKey, RsaPublicKey {
  private final byte[] raw;

  protected PeerPublicKey(final byte[] raw) {
    this.raw = raw.clone();
  }

  public abstract KeyType type();

  /** Verifies a libp2p signature by this key over {@code message}. */
  public abstract boolean verify(byte[] message, byte[] signature);

  /** The key's own encoding (compressed point for secp256k1, 32 bytes for Ed25519). */
  public byte[] raw() {
    return raw.clone();
  }

  /** The deterministic protobuf encoding, the input of the peer id. */
  public byte[] toProtobuf() {
    return new Protobuf.Writer().varint(1, type().code()).bytes(2, raw).toByteArray();
  }

  public static PeerPublicKey fromProtobuf(final byte[] encoded) {
    KeyType type = null;
    byte[] data = null;
    for (final Protobuf.Field f : Protobuf.parse(encoded)) {
      if (f.number() == 1 && f.bytes() == null) {
        type = KeyType.fromCode(f.value());
        if (type == null) {
          throw new MalformedInputException("public key type " + f.value() + " unknown");
        }
      } else if (f.number() == 2 && f.bytes() != null) {
        data = f.bytes();
      }
    }
    if (type == null || data == null) {
      throw new MalformedInputException("public key protobuf lacks Type or Data");
    }
    return switch (type) {
      case SECP256K1 -> Secp256k1PublicKey.fromRaw(data);
      case ED25519 -> Ed25519PublicKey.fromRaw(data);
      case RSA -> RsaPublicKey.fromRaw(data);
      default -> throw new MalformedInputException("public key type " + type + " not accepted");
    };
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof PeerPublicKey other
        && other.type() == type()
        && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return type() + "PublicKey";
  }
}
