package io.dvc.node.testing;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.PublicShare;
import io.dvc.bls.threshold.ThresholdKeySplitter;
import io.dvc.node.cluster.Operator;
import io.dvc.p2p.crypto.NodeKey;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of an in-process test cluster, made deterministically from a seed: every distributed
 * validator's key split t-of-n with {@link ThresholdKeySplitter}, and one secp256k1 identity key
 * per operator. Same seed, same keys, hence the same genesis validators root and committees.
 */
public final class ClusterKeys {
  private final List<BlsPublicKey> groupKeys;
  private final List<KeySplit> splits;
  private final List<NodeKey> nodeKeys;
  private final int threshold;
  private final long seed;

  private ClusterKeys(
      final List<BlsPublicKey> groupKeys,
      final List<KeySplit> splits,
      final List<NodeKey> nodeKeys,
      final int threshold,
      final long seed) {
    this.seed = seed;
    this.groupKeys = List.copyOf(groupKeys);
    this.splits = List.copyOf(splits);
    this.nodeKeys = List.copyOf(nodeKeys);
    this.threshold = threshold;
  }

  public static ClusterKeys generate(
      final int validators, final int operators, final int threshold, final long seed) {
    final SecureRandom random = seededRandom(seed);
    final ThresholdKeySplitter splitter = new ThresholdKeySplitter(random);
    final List<BlsPublicKey> groupKeys = new ArrayList<>();
    final List<KeySplit> splits = new ArrayList<>();
    for (int v = 0; v < validators; v++) {
      final BlsSecretKey secret = BlsSecretKey.fromScalar(scalar(seed, v));
      groupKeys.add(secret.publicKey());
      splits.add(splitter.split(secret, threshold, operators));
      secret.destroy();
    }
    final List<NodeKey> nodeKeys = new ArrayList<>();
    for (int i = 0; i < operators; i++) {
      nodeKeys.add(NodeKey.generate(random));
    }
    return new ClusterKeys(groupKeys, splits, nodeKeys, threshold, seed);
  }

  /**
   * Validator {@code v}'s whole secret key, which no node holds: for tests that compute what the
   * validator's own signature would be (e.g. whether its selection proof selects it).
   */
  public BlsSecretKey groupSecret(final int v) {
    return BlsSecretKey.fromScalar(scalar(seed, v));
  }

  /** A secret key unrelated to the cluster's (for an operator that signs with the wrong key). */
  public static BlsSecretKey unrelatedKey(final long seed, final int i) {
    return BlsSecretKey.fromScalar(scalar(seed ^ 0x5eed_bad0L, i));
  }

  public List<BlsPublicKey> groupKeys() {
    return groupKeys;
  }

  public int validatorCount() {
    return groupKeys.size();
  }

  public int operatorCount() {
    return nodeKeys.size();
  }

  public int threshold() {
    return threshold;
  }

  public NodeKey nodeKey(final int operatorIndex) {
    return nodeKeys.get(operatorIndex - 1);
  }

  /** Every operator's public share of validator {@code v}, by share index. */
  public Map<Integer, BlsPublicKey> publicShares(final int v) {
    final Map<Integer, BlsPublicKey> shares = new HashMap<>();
    for (final PublicShare share : splits.get(v).publicShares()) {
      shares.put(share.index(), share.publicKey());
    }
    return shares;
  }

  public BlsSecretKey secretShare(final int v, final int operatorIndex) {
    return splits.get(v).share(operatorIndex).secretKey();
  }

  /**
   * The cluster's operators (share index 1..n) as every node sees them; no addresses in-process.
   */
  public List<Operator> operators() {
    final List<Operator> operators = new ArrayList<>();
    for (int i = 1; i <= nodeKeys.size(); i++) {
      final NodeKey key = nodeKey(i);
      operators.add(
          new Operator(i, key.peerId(), Operator.publicKeyOf(key.peerId()), Optional.empty()));
    }
    return operators;
  }

  private static BigInteger scalar(final long seed, final int i) {
    final byte[] input = ByteBuffer.allocate(16).putLong(seed).putLong(i).array();
    return new BigInteger(1, io.dvc.spec.ssz.Sha256.hash(input))
        .mod(Bls.CURVE_ORDER.subtract(BigInteger.ONE))
        .add(BigInteger.ONE);
  }

  private static SecureRandom seededRandom(final long seed) {
    try {
      final SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
