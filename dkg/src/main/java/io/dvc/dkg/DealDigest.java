package io.dvc.dkg;

import io.dvc.spec.ssz.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Digests that bind a ceremony's messages together: the session id (definition hash and every
 * operator's nonce) and the digest of one dealer's deal, which the dealer signs with its identity
 * key and every receiver echoes in its verdict.
 */
final class DealDigest {
  private static final byte[] SESSION_TAG =
      "DVC-DKG-SESSION-V1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DEAL_TAG = "DVC-DKG-DEAL-V1".getBytes(StandardCharsets.US_ASCII);

  private DealDigest() {}

  /** SHA-256(tag, definition hash, nonce of operator 1, ..., nonce of operator n). */
  static Bytes sessionId(final Bytes definitionHash, final List<Bytes> noncesByIndex) {
    final MessageDigest sha = sha256();
    sha.update(SESSION_TAG);
    sha.update(definitionHash.toArray());
    noncesByIndex.forEach(n -> sha.update(n.toArray()));
    return Bytes.of(sha.digest());
  }

  /** SHA-256(tag, session id, dealer index, deal body). */
  static Bytes of(
      final Bytes sessionId, final int dealer, final List<DkgMessage.ValidatorDeal> deals) {
    final MessageDigest sha = sha256();
    sha.update(DEAL_TAG);
    sha.update(sessionId.toArray());
    sha.update(ByteBuffer.allocate(4).putInt(dealer).array());
    sha.update(DkgCodec.dealBody(deals));
    return Bytes.of(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
