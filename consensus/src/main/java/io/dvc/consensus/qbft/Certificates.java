package io.dvc.consensus.qbft;

import io.dvc.consensus.Digest;
import io.dvc.consensus.InstanceId;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The signature and certificate checks of one {@link QbftInstance}: quorums of signed payloads from
 * distinct members, and the round-change justification of a proposal. Each distinct signed payload
 * is verified once (a bounded cache, which also holds the instance's own messages).
 */
final class Certificates {
  private static final int MAX_VERIFIED_CACHE = 4096;

  private final QbftConfig config;
  private final InstanceId id;
  private final int quorumSize;
  private final Set<SignedPayload> verified = new HashSet<>();

  Certificates(final QbftConfig config, final InstanceId id) {
    this.config = config;
    this.id = id;
    this.quorumSize = config.quorum().quorum();
  }

  /** A payload this instance signed itself needs no verification. */
  void remember(final SignedPayload own) {
    verified.add(own);
  }

  /** Verifies a signature once per distinct signed payload (bounded cache). */
  boolean verify(final SignedPayload s) {
    if (verified.contains(s)) {
      return true;
    }
    if (!s.verify(config.verifier())) {
      return false;
    }
    if (verified.size() >= MAX_VERIFIED_CACHE) {
      verified.clear();
    }
    verified.add(s);
    return true;
  }

  /**
   * JustifyPrePrepare: a quorum of round changes for the round from distinct members; if any of
   * them is prepared, the value must be the one of the highest prepared round and the prepares must
   * be a quorum for that round and value.
   */
  String proposalJustificationProblem(final QbftMessage m) {
    final int r = m.round();
    final Digest digest = m.payload().digest();
    final List<SignedPayload> rcs = m.roundChanges();
    if (rcs.size() < quorumSize || rcs.size() > config.members().size()) {
      return "round-change justification has " + rcs.size() + " entries, needs " + quorumSize;
    }
    final Set<Integer> senders = new HashSet<>();
    int highest = 0;
    for (SignedPayload s : rcs) {
      final Payload q = s.payload();
      if (q.type() != MessageType.ROUND_CHANGE || !q.instance().equals(id) || q.round() != r) {
        return "justification entry " + q + " is not a round change for round " + r;
      }
      final String signer = signerProblem(s, senders);
      if (signer != null) {
        return "round change " + signer;
      }
      highest = Math.max(highest, q.preparedRound());
    }
    if (highest == 0) {
      return m.prepares().isEmpty() ? null : "prepares given but no round change is prepared";
    }
    final int top = highest;
    final boolean valueIsHighest =
        rcs.stream()
            .anyMatch(
                s -> s.payload().preparedRound() == top && digest.equals(s.payload().digest()));
    if (!valueIsHighest) {
      return "value is not the prepared value of the highest prepared round " + top;
    }
    return problem(m.prepares(), MessageType.PREPARE, top, digest);
  }

  /** Checks a quorum certificate: distinct members, right type, round and digest, valid sigs. */
  String problem(
      final List<SignedPayload> cert, final MessageType type, final int r, final Digest digest) {
    final String what = type.name().toLowerCase(java.util.Locale.ROOT);
    if (cert.size() < quorumSize || cert.size() > config.members().size()) {
      return what + " certificate has " + cert.size() + " entries, needs " + quorumSize;
    }
    final Set<Integer> senders = new HashSet<>();
    for (SignedPayload s : cert) {
      final Payload q = s.payload();
      if (q.type() != type
          || !q.instance().equals(id)
          || q.round() != r
          || !digest.equals(q.digest())) {
        return what + " certificate entry " + q + " is not for round " + r + " value " + digest;
      }
      final String signer = signerProblem(s, senders);
      if (signer != null) {
        return what + " " + signer;
      }
    }
    return null;
  }

  private String signerProblem(final SignedPayload s, final Set<Integer> seen) {
    final int sender = s.payload().sender();
    if (!config.isMember(sender)) {
      return "from non-member " + sender;
    }
    if (!seen.add(sender)) {
      return "from " + sender + " appears twice";
    }
    if (!verify(s)) {
      return "from " + sender + " has a bad signature";
    }
    return null;
  }
}
