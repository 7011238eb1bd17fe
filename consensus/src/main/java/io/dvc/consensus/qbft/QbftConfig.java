package io.dvc.consensus.qbft;

import io.dvc.consensus.LeaderElection;
import io.dvc.consensus.MessageSigner;
import io.dvc.consensus.MessageVerifier;
import io.dvc.consensus.Quorum;
import io.dvc.consensus.RoundTimerPolicy;
import io.dvc.consensus.ValueValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one operator's QBFT instances of one cluster share: membership, identity and the
 * injected policies.
 *
 * @param members operator indices (>= 1, distinct); stored sorted
 * @param self this operator's index, one of the members
 * @param maxRound rounds above this are ignored and no timer is set past it
 * @param maxDecidedAnswersPerPeer how many decided proofs one peer may get from one instance (at
 *     most one per round the peer is seen in)
 */
public record QbftConfig(
    List<Integer> members,
    int self,
    ValueValidator validator,
    LeaderElection leaderElection,
    RoundTimerPolicy timerPolicy,
    MessageSigner signer,
    MessageVerifier verifier,
    int maxRound,
    int maxDecidedAnswersPerPeer) {

  public QbftConfig {
    final List<Integer> sorted = new ArrayList<>(members);
    sorted.sort(null);
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i) < 1 || (i > 0 && sorted.get(i).equals(sorted.get(i - 1)))) {
        throw new IllegalArgumentException(
            "operator indices must be distinct and >= 1, got " + members);
      }
    }
    members = List.copyOf(sorted);
    new Quorum(members.size());
    if (!members.contains(self)) {
      throw new IllegalArgumentException("operator " + self + " is not a member of " + members);
    }
    if (validator == null
        || leaderElection == null
        || timerPolicy == null
        || signer == null
        || verifier == null) {
      throw new IllegalArgumentException("QBFT config needs every policy");
    }
    if (maxRound < 1 || maxDecidedAnswersPerPeer < 0) {
      throw new IllegalArgumentException("maxRound must be >= 1 and answers >= 0");
    }
  }

  public Quorum quorum() {
    return new Quorum(members.size());
  }

  public boolean isMember(final int operator) {
    return members.contains(operator);
  }

  /** A config with defaults: rotating leader (32 slots per epoch), fixed 2 s rounds. */
  public static Builder builder(
      final List<Integer> members,
      final int self,
      final MessageSigner signer,
      final MessageVerifier verifier) {
    return new Builder(members, self, signer, verifier);
  }

  /** Builder with defaults for the policies. */
  public static final class Builder {
    private final List<Integer> members;
    private final int self;
    private final MessageSigner signer;
    private final MessageVerifier verifier;
    private ValueValidator validator = ValueValidator.ACCEPT_ALL;
    private LeaderElection leaderElection = LeaderElection.rotating(32);
    private RoundTimerPolicy timerPolicy = RoundTimerPolicy.fixed(2_000);
    private int maxRound = 64;
    private int maxDecidedAnswersPerPeer = 16;

    private Builder(
        final List<Integer> members,
        final int self,
        final MessageSigner signer,
        final MessageVerifier verifier) {
      this.members = members;
      this.self = self;
      this.signer = signer;
      this.verifier = verifier;
    }

    public Builder validator(final ValueValidator v) {
      this.validator = v;
      return this;
    }

    public Builder leaderElection(final LeaderElection l) {
      this.leaderElection = l;
      return this;
    }

    public Builder timerPolicy(final RoundTimerPolicy t) {
      this.timerPolicy = t;
      return this;
    }

    public Builder maxRound(final int m) {
      this.maxRound = m;
      return this;
    }

    public Builder maxDecidedAnswersPerPeer(final int m) {
      this.maxDecidedAnswersPerPeer = m;
      return this;
    }

    public QbftConfig build() {
      return new QbftConfig(
          members,
          self,
          validator,
          leaderElection,
          timerPolicy,
          signer,
          verifier,
          maxRound,
          maxDecidedAnswersPerPeer);
    }
  }
}
