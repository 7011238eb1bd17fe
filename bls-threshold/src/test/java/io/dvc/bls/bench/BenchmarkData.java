package io.dvc.bls.bench;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.threshold.CombineAndVerify;
import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.ThresholdKeySplitter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distributed validators for the benchmarks: each split t-of-n, with the partial signatures of
 * shares 1..t over one message kept as wire bytes (so every benchmark decodes them, as a node
 * receiving them from peers must). Public keys are decoded once, as a node holding them would.
 */
final class BenchmarkData {
  static final byte[] MESSAGE = new byte[32];

  final List<BlsPublicKey> groupKeys = new ArrayList<>();
  final List<Map<Integer, BlsPublicKey>> publicShares = new ArrayList<>();
  final List<Map<Integer, byte[]>> partialBytes = new ArrayList<>();

  BenchmarkData(final int validators, final int threshold, final int shares) {
    final ThresholdKeySplitter splitter = new ThresholdKeySplitter(new SecureRandom());
    for (int v = 0; v < validators; v++) {
      final KeySplit split = splitter.splitRandom(threshold, shares);
      groupKeys.add(split.commitments().groupPublicKey());
      final Map<Integer, BlsPublicKey> keys = new HashMap<>();
      split.publicShares().forEach(p -> keys.put(p.index(), p.publicKey()));
      keys.values().forEach(BlsPublicKey::isValid);
      publicShares.add(Map.copyOf(keys));
      final Map<Integer, byte[]> partials = new HashMap<>();
      for (int i = 1; i <= threshold; i++) {
        partials.put(i, split.share(i).secretKey().sign(MESSAGE).toBytes());
      }
      partialBytes.add(partials);
      split.destroy();
      groupKeys.get(v).isValid();
    }
  }

  /** The combine-and-verify input, decoding every partial afresh. */
  List<CombineAndVerify.Request> requests(final int threshold) {
    final List<CombineAndVerify.Request> requests = new ArrayList<>(groupKeys.size());
    for (int v = 0; v < groupKeys.size(); v++) {
      final Map<Integer, BlsSignature> partials = new HashMap<>();
      partialBytes.get(v).forEach((i, bytes) -> partials.put(i, BlsSignature.fromBytes(bytes)));
      requests.add(
          new CombineAndVerify.Request(
              groupKeys.get(v), threshold, publicShares.get(v), MESSAGE, partials));
    }
    return requests;
  }
}
