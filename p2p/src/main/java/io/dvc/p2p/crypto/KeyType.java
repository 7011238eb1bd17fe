package io.dvc.p2p.crypto;

/** The libp2p key protobuf's {@code KeyType} enum. */
public enum KeyType {
  RSA(0),
  ED25519(1),
  SECP256K1(2),
  ECDSA(3);

  private final int code;

  KeyType(final int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static KeyType fromCode(final long code) {
    for (final KeyType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
