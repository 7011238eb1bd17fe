package io.dvc.dkg;

import io.dvc.bls.threshold.SecretShare;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.Operator;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One participant's view of a resharing: the old (verified) lock, the new definition, the old
 * operators that deal (share indices of the old lock, at least its threshold), this participant's
 * identity key and, when it is one of those dealers, its old shares in lock order.
 *
 * <p>Participants are numbered 1..m: the dealers in old share-index order, then the operators of
 * the new definition that are not among them, in new order.
 */
public record ReshareSettings(
    ClusterLock oldLock,
    ClusterDefinition newDefinition,
    Set<Integer> dealers,
    NodeKey identity,
    Optional<List<SecretShare>> oldShares,
    Duration helloTimeout,
    Duration phaseTimeout)
    implements Roster {
  public ReshareSettings {
    Objects.requireNonNull(oldLock, "oldLock");
    Objects.requireNonNull(newDefinition, "newDefinition");
    dealers = Set.copyOf(new TreeSet<>(dealers));
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(oldShares, "oldShares");
    final ClusterDefinition old = oldLock.definition();
    if (dealers.size() < old.threshold()) {
      throw new IllegalArgumentException(
          dealers.size() + " dealers, the old threshold is " + old.threshold());
    }
    for (final int i : dealers) {
      if (i < 1 || i > old.operatorCount()) {
        throw new IllegalArgumentException("dealer " + i + " is not an old share index");
      }
    }
    if (!newDefinition.network().equals(old.network())
        || !newDefinition.withdrawalCredentials().equals(old.withdrawalCredentials())
        || newDefinition.depositAmountGwei() != old.depositAmountGwei()
        || newDefinition.numValidators() != old.numValidators()) {
      throw new IllegalArgumentException(
          "the new definition must keep the network, withdrawal credentials, deposit amount and"
              + " number of validators of the old lock");
    }
  }

  /** Participants' peer ids, 1-based (index 0 unused is not stored: element 0 is participant 1). */
  public List<PeerId> participants() {
    final List<PeerId> out = new ArrayList<>();
    for (final int i : new TreeSet<>(dealers)) {
      out.add(oldLock.definition().operators().get(i - 1).peerId());
    }
    for (final Operator op : newDefinition.operators()) {
      if (!out.contains(op.peerId())) {
        out.add(op.peerId());
      }
    }
    return out;
  }

  /** The participant number (1..m) of a peer, or 0. */
  public int participantOf(final PeerId peer) {
    return participants().indexOf(peer) + 1;
  }

  /** The old share index of participant p, or 0 when it does not deal. */
  public int dealerIndexOf(final int participant) {
    final PeerId peer = participants().get(participant - 1);
    for (final int i : dealers) {
      if (oldLock.definition().operators().get(i - 1).peerId().equals(peer)) {
        return i;
      }
    }
    return 0;
  }

  /** The new share index of participant p, or 0 when it is not in the new cluster. */
  public int newIndexOf(final int participant) {
    final PeerId peer = participants().get(participant - 1);
    final List<Operator> ops = newDefinition.operators();
    for (int j = 0; j < ops.size(); j++) {
      if (ops.get(j).peerId().equals(peer)) {
        return j + 1;
      }
    }
    return 0;
  }

  @Override
  public Optional<io.dvc.p2p.crypto.PeerPublicKey> key(final int participant) {
    return participants().get(participant - 1).embeddedPublicKey();
  }

  /** "old operator 2 'name' (peer id)" or "new operator 4 'name' (peer id)" for messages. */
  @Override
  public String describe(final int participant) {
    final PeerId peer = participants().get(participant - 1);
    final int dealer = dealerIndexOf(participant);
    final int fresh = newIndexOf(participant);
    final String name =
        fresh > 0
            ? newDefinition.operators().get(fresh - 1).name()
            : oldLock.definition().operators().get(dealer - 1).name();
    return (dealer > 0 ? "old operator " + dealer : "new operator " + fresh)
        + " '"
        + name
        + "' ("
        + peer
        + ")";
  }
}
