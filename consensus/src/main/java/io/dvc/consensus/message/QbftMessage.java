package io.dvc.consensus.message;

import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import java.util.List;

/**
 * A complete QBFT message: the signed payload plus what only some kinds carry.
 *
 * <ul>
 *   <li>PROPOSAL: the value; for round > 1 a round-change quorum and, when one of them is prepared,
 *       the prepare quorum of the highest prepared round.
 *   <li>ROUND_CHANGE: when prepared, the prepared value and its prepare quorum.
 *   <li>DECIDED: the value and a commit quorum.
 * </ul>
 *
 * @param value the value, or null
 */
public record QbftMessage(
    SignedPayload signed,
    Value value,
    List<SignedPayload> roundChanges,
    List<SignedPayload> prepares,
    List<SignedPayload> commits) {

  public QbftMessage {
    if (signed == null) {
      throw new IllegalArgumentException("message needs a signed payload");
    }
    roundChanges = List.copyOf(roundChanges);
    prepares = List.copyOf(prepares);
    commits = List.copyOf(commits);
  }

  /** A message with only a signed payload (prepare, commit, unprepared round change). */
  public static QbftMessage bare(final SignedPayload signed) {
    return new QbftMessage(signed, null, List.of(), List.of(), List.of());
  }

  public Payload payload() {
    return signed.payload();
  }

  public MessageType type() {
    return signed.payload().type();
  }

  public int round() {
    return signed.payload().round();
  }

  public int sender() {
    return signed.payload().sender();
  }

  public InstanceId instance() {
    return signed.payload().instance();
  }

  @Override
  public String toString() {
    final StringBuilder sb = new StringBuilder(signed.toString());
    if (value != null) {
      sb.append(" value ").append(value.digest());
    }
    if (!roundChanges.isEmpty()) {
      sb.append(" rc×").append(roundChanges.size());
    }
    if (!prepares.isEmpty()) {
      sb.append(" prep×").append(prepares.size());
    }
    if (!commits.isEmpty()) {
      sb.append(" commit×").append(commits.size());
    }
    return sb.toString();
  }
}
