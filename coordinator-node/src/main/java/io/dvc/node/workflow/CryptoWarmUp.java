package io.dvc.node.workflow;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.threshold.CombineAndVerify;
import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.bls.threshold.ThresholdKeySplitter;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the hot paths of a slot (signing roots, share signing, combine-and-batch-verify) on
 * throw-away keys at start-up, so that the first slots after a (re)start are not slowed down by the
 * JIT compiler. Touches no node state.
 */
public final class CryptoWarmUp {
  private CryptoWarmUp() {}

  /** Returns the elapsed milliseconds. */
  public static long run(final SigningRoots signingRoots, final int validators, final int rounds) {
    final long start = System.nanoTime();
    final KeySplit split = new ThresholdKeySplitter(new SecureRandom()).splitRandom(3, 4);
    final Map<Integer, BlsPublicKey> publicShares = new HashMap<>();
    for (final SecretShare share : split.shares()) {
      publicShares.put(share.index(), share.publicShare().publicKey());
    }
    final BlsPublicKey group = split.commitments().groupPublicKey();
    for (int round = 0; round < rounds; round++) {
      final List<CombineAndVerify.Request> requests = new ArrayList<>(validators);
      for (int v = 0; v < validators; v++) {
        final AttestationData data =
            new AttestationData(
                round,
                0,
                Bytes.zero(32),
                new Checkpoint(0, Bytes.zero(32)),
                new Checkpoint(0, Bytes.zero(32)));
        final byte[] root = signingRoots.attestation(data).toArray();
        final Map<Integer, BlsSignature> partials = new HashMap<>();
        for (final SecretShare share : split.shares().subList(0, 3)) {
          partials.put(
              share.index(), BlsSignature.fromBytes(share.secretKey().sign(root).toBytes()));
        }
        requests.add(new CombineAndVerify.Request(group, 3, publicShares, root, partials));
      }
      CombineAndVerify.combineAndVerify(requests);
    }
    split.shares().forEach(SecretShare::destroy);
    return (System.nanoTime() - start) / 1_000_000;
  }
}
