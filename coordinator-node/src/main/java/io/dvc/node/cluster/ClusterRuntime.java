package io.dvc.node.cluster;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one operator node knows of its cluster at run time: the operators, the threshold, its own
 * identity and index, the fork version the cluster was made for, and its validator shares.
 */
public record ClusterRuntime(
    String name,
    List<Operator> operators,
    int threshold,
    int selfIndex,
    NodeKey nodeKey,
    byte[] forkVersion,
    List<ValidatorShare> validators,
    byte[] feeRecipient) {

  public ClusterRuntime {
    operators = List.copyOf(operators);
    validators = List.copyOf(validators);
    forkVersion = forkVersion.clone();
    if (feeRecipient.length != 20) {
      throw new IllegalArgumentException("fee recipient must be 20 bytes");
    }
    feeRecipient = feeRecipient.clone();
  }

  /** A cluster whose fee recipient does not matter (rehearsal, tests of attestations). */
  public ClusterRuntime(
      final String name,
      final List<Operator> operators,
      final int threshold,
      final int selfIndex,
      final NodeKey nodeKey,
      final byte[] forkVersion,
      final List<ValidatorShare> validators) {
    this(name, operators, threshold, selfIndex, nodeKey, forkVersion, validators, new byte[20]);
  }

  public Map<Integer, Operator> operatorsByIndex() {
    return operators.stream().collect(Collectors.toMap(Operator::index, Function.identity()));
  }

  public Optional<Operator> operatorOf(final PeerId peer) {
    return operators.stream().filter(o -> o.peerId().equals(peer)).findFirst();
  }

  public List<Integer> operatorIndices() {
    return operators.stream().map(Operator::index).sorted().toList();
  }

  @Override
  public String toString() {
    return "ClusterRuntime[" + name + ", operator " + selfIndex + " of " + operators.size() + "]";
  }
}
