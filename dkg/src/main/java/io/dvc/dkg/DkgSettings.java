package io.dvc.dkg;

import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.Operator;
import io.dvc.p2p.crypto.NodeKey;
import java.time.Duration;
import java.util.Objects;

/**
 * What one operator runs a ceremony with: the shared definition, its own identity key (which must
 * be one of the definition's operators) and the phase timeouts. HELLO waits for every operator to
 * connect and so has its own (longer) timeout; every later phase includes the computation the peers
 * do before they answer, so the default grows with the number of validators.
 */
public record DkgSettings(
    ClusterDefinition definition, NodeKey identity, Duration helloTimeout, Duration phaseTimeout)
    implements Roster {
  public DkgSettings {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(identity, "identity");
    if (helloTimeout.isNegative() || helloTimeout.isZero()) {
      throw new IllegalArgumentException("helloTimeout must be positive");
    }
    if (phaseTimeout.isNegative() || phaseTimeout.isZero()) {
      throw new IllegalArgumentException("phaseTimeout must be positive");
    }
  }

  /** Defaults: 2 minutes to connect, 30 s + 30 ms per validator per later phase. */
  public static DkgSettings defaults(final ClusterDefinition definition, final NodeKey identity) {
    return new DkgSettings(
        definition,
        identity,
        Duration.ofMinutes(2),
        Duration.ofSeconds(30).plusMillis(30L * definition.numValidators()));
  }

  public int operatorCount() {
    return definition.operatorCount();
  }

  /** This operator's share index (1-based position in the definition). */
  public int ownIndex() {
    for (int i = 0; i < definition.operators().size(); i++) {
      if (definition.operators().get(i).peerId().equals(identity.peerId())) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(
        "identity key (peer id " + identity.peerId() + ") is not an operator of the definition");
  }

  @Override
  public java.util.Optional<io.dvc.p2p.crypto.PeerPublicKey> key(final int index) {
    return definition.operators().get(index - 1).peerId().embeddedPublicKey();
  }

  /** "operator 3 'name' (peer id)" for messages. */
  @Override
  public String describe(final int index) {
    final Operator operator = definition.operators().get(index - 1);
    return "operator " + index + " '" + operator.name() + "' (" + operator.peerId() + ")";
  }
}
