package io.dvc.p2p;

import io.dvc.p2p.crypto.PeerPublicKey;
import io.dvc.p2p.util.Base58;
import io.dvc.p2p.util.MalformedInputException;
import io.dvc.p2p.util.Varint;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A libp2p peer id: the multihash of the protobuf-encoded public key — the identity multihash (code
 * 0x00) when the encoding is at most 42 bytes, sha2-256 (0x12) otherwise. Text form is base58btc of
 * the multihash.
 */
public final class PeerId implements Comparable<PeerId> {
  private static final int IDENTITY = 0x00;
  private static final int SHA2_256 = 0x12;
  private static final int MAX_INLINE_KEY_LENGTH = 42;

  private final byte[] multihash;
  private final String text;

  private PeerId(final byte[] multihash) {
    this.multihash = multihash;
    this.text = Base58.encode(multihash);
  }

  public static PeerId fromPublicKey(final PeerPublicKey key) {
    final byte[] encoded = key.toProtobuf();
    if (encoded.length <= MAX_INLINE_KEY_LENGTH) {
      return new PeerId(multihash(IDENTITY, encoded));
    }
    try {
      return new PeerId(multihash(SHA2_256, MessageDigest.getInstance("SHA-256").digest(encoded)));
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] multihash(final int code, final byte[] digest) {
    final byte[] out = new byte[2 + digest.length];
    out[0] = (byte) code;
    out[1] = (byte) digest.length;
    System.arraycopy(digest, 0, out, 2, digest.length);
    return out;
  }

  /** Parses and validates a binary multihash (identity or sha2-256). */
  public static PeerId fromBytes(final byte[] bytes) {
    final int[] pos = {0};
    final long code = Varint.read(bytes, pos);
    final long len = Varint.read(bytes, pos);
    if (len != bytes.length - pos[0]) {
      throw new MalformedInputException("peer id multihash length " + len + " mismatch");
    }
    if (code == SHA2_256 && len == 32) {
      return new PeerId(bytes.clone());
    }
    if (code == IDENTITY && len <= MAX_INLINE_KEY_LENGTH) {
      PeerPublicKey.fromProtobuf(Arrays.copyOfRange(bytes, pos[0], bytes.length));
      return new PeerId(bytes.clone());
    }
    throw new MalformedInputException("peer id multihash code " + code + " unsupported");
  }

  public static PeerId fromBase58(final String text) {
    try {
      return fromBytes(Base58.decode(text));
    } catch (final IllegalArgumentException e) {
      throw new MalformedInputException("peer id '" + text + "': " + e.getMessage());
    }
  }

  public byte[] toBytes() {
    return multihash.clone();
  }

  /**
   * The public key embedded in an identity-multihash id (secp256k1 and Ed25519 ids embed theirs);
   * empty for sha2-256 ids or an undecodable key.
   */
  public java.util.Optional<PeerPublicKey> embeddedPublicKey() {
    if (multihash.length < 2
        || multihash[0] != 0
        || (multihash[1] & 0xff) != multihash.length - 2) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(
          PeerPublicKey.fromProtobuf(Arrays.copyOfRange(multihash, 2, multihash.length)));
    } catch (final RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** Whether {@code key} is the key this id was derived from. */
  public boolean matches(final PeerPublicKey key) {
    return equals(fromPublicKey(key));
  }

  public String toBase58() {
    return text;
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof PeerId other && Arrays.equals(multihash, other.multihash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(multihash);
  }

  @Override
  public int compareTo(final PeerId o) {
    return Arrays.compareUnsigned(multihash, o.multihash);
  }

  @Override
  public String toString() {
    return text;
  }
}
