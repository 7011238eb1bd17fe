package io.dvc.node.cluster;

import io.dvc.bls.BlsPublicKey;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the node's run-time view of its cluster from a loaded operator directory. */
public final class ClusterRuntimes {
  private ClusterRuntimes() {}

  /** The lock hash and operator names of a loaded operator directory. */
  public static ClusterIdentity identity(final OperatorBundle bundle) {
    return new ClusterIdentity(
        bundle.lock().lockHash().toHex(),
        bundle.lock().definition().operators().stream()
            .map(io.dvc.config.cluster.Operator::name)
            .toList());
  }

  public static ClusterRuntime fromBundle(final OperatorBundle bundle) {
    final ClusterDefinition definition = bundle.lock().definition();
    final List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < definition.operators().size(); i++) {
      final io.dvc.config.cluster.Operator op = definition.operators().get(i);
      final Optional<Multiaddr> address = op.addresses().stream().findFirst();
      operators.add(new Operator(i + 1, op.peerId(), Operator.publicKeyOf(op.peerId()), address));
    }
    final List<ValidatorShare> shares = new ArrayList<>();
    for (final io.dvc.config.operator.ValidatorShare share : bundle.shares()) {
      final DistributedValidator validator = bundle.lock().validators().get(share.validatorIndex());
      final Map<Integer, BlsPublicKey> publicShares = new HashMap<>();
      for (int i = 0; i < validator.publicShares().size(); i++) {
        publicShares.put(i + 1, validator.publicShares().get(i));
      }
      shares.add(
          new ValidatorShare(
              validator.distributedPublicKey(), publicShares, share.secretShare().secretKey()));
    }
    return new ClusterRuntime(
        definition.name(),
        operators,
        definition.threshold(),
        bundle.shareIndex(),
        bundle.identityKey(),
        definition.network().genesisForkVersion().toArray(),
        shares,
        definition.feeRecipient().toArray());
  }
}
