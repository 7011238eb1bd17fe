package io.dvc.bls.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ThresholdProperties {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MESSAGE =
      "block root".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final ThresholdKeySplitter splitter = new ThresholdKeySplitter(RANDOM);

  @Property(tries = 60)
  void anyTSharesOfARandomSplitRecoverTheSignature(
      @ForAll @IntRange(min = 1, max = 31) final int n,
      @ForAll @IntRange(min = 1, max = 31) final int tSeed,
      @ForAll final long subsetSeed) {
    final int t = 1 + (tSeed - 1) % n;
    final BlsSecretKey key = BlsSecretKey.random(RANDOM);
    final KeySplit split = splitter.split(key, t, n);
    final List<Integer> subset = randomSubset(n, t, new Random(subsetSeed));

    final BlsSignature combined = ThresholdAggregator.combineSignatures(partials(split, subset));

    assertThat(combined).isEqualTo(key.sign(MESSAGE));
    assertThat(ThresholdAggregator.recoverPublicKey(publicShares(split, subset)))
        .isEqualTo(key.publicKey());
    assertThat(split.shares()).allMatch(split.commitments()::verify);
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void everyTSubsetRecoversTheSignatureForSmallClusters(
      @ForAll @IntRange(min = 1, max = 7) final int n,
      @ForAll @IntRange(min = 1, max = 7) final int t) {
    Assume.that(t <= n);
    final BlsSecretKey key = BlsSecretKey.random(RANDOM);
    final KeySplit split = splitter.split(key, t, n);
    final BlsSignature expected = key.sign(MESSAGE);
    final Map<Integer, BlsSignature> all = partials(split, indices(n));

    for (final List<Integer> subset : subsets(n, t)) {
      final Map<Integer, BlsSignature> chosen = new HashMap<>();
      subset.forEach(i -> chosen.put(i, all.get(i)));
      assertThat(ThresholdAggregator.combineSignatures(chosen))
          .as("t=%d n=%d subset %s", t, n, subset)
          .isEqualTo(expected);
    }
  }

  @Property(tries = 40)
  void fewerThanTSharesNeverYieldAValidSignature(
      @ForAll @IntRange(min = 2, max = 12) final int n,
      @ForAll @IntRange(min = 2, max = 12) final int tSeed,
      @ForAll final long subsetSeed) {
    final int t = 2 + (tSeed - 2) % (n - 1);
    final BlsSecretKey key = BlsSecretKey.random(RANDOM);
    final KeySplit split = splitter.split(key, t, n);
    final List<Integer> subset = randomSubset(n, t - 1, new Random(subsetSeed));

    final BlsSignature combined = ThresholdAggregator.combineSignatures(partials(split, subset));

    assertThat(Bls.verify(key.publicKey(), MESSAGE, combined)).isFalse();
    assertThat(ThresholdAggregator.recoverPublicKey(publicShares(split, subset)))
        .isNotEqualTo(key.publicKey());
  }

  @Property(tries = 40)
  void aWrongPartialIsAttributedToItsSender(
      @ForAll @IntRange(min = 1, max = 7) final int n,
      @ForAll @IntRange(min = 1, max = 7) final int tSeed,
      @ForAll @IntRange(min = 0, max = 6) final int culpritSeed,
      @ForAll @IntRange(min = 0, max = 2) final int faultKind,
      @ForAll final long subsetSeed) {
    final int t = 1 + (tSeed - 1) % n;
    final List<Integer> subset = randomSubset(n, t, new Random(subsetSeed));
    final int culprit = subset.get(culpritSeed % t);
    final List<KeySplit> validators = new ArrayList<>();
    final List<CombineAndVerify.Request> requests = new ArrayList<>();
    for (int v = 0; v < 4; v++) {
      final KeySplit split = splitter.splitRandom(t, n);
      validators.add(split);
      final Map<Integer, BlsSignature> partials = partials(split, subset);
      if (v == 2) {
        partials.put(culprit, wrongPartial(split, culprit, faultKind));
      }
      requests.add(request(split, partials));
    }

    final List<CombineAndVerify.Result> results = CombineAndVerify.combineAndVerify(requests);

    assertThat(results.get(2).badShareIndices()).containsExactly(culprit);
    assertThat(results.get(2).isVerified()).isFalse();
    for (final int v : List.of(0, 1, 3)) {
      assertThat(results.get(v).badShareIndices()).isEmpty();
      assertThat(
              Bls.verify(
                  validators.get(v).commitments().groupPublicKey(),
                  MESSAGE,
                  results.get(v).signature().orElseThrow()))
          .isTrue();
    }
  }

  private static BlsSignature wrongPartial(final KeySplit split, final int index, final int kind) {
    return switch (kind) {
      case 0 -> split.share(index).secretKey().sign(new byte[] {1}); // wrong message
      case 1 -> BlsSecretKey.random(RANDOM).sign(MESSAGE); // wrong key
      default -> BlsSignature.fromBytes(new byte[96]); // not a point at all
    };
  }

  private static CombineAndVerify.Request request(
      final KeySplit split, final Map<Integer, BlsSignature> partials) {
    final Map<Integer, BlsPublicKey> shares = new HashMap<>();
    split.publicShares().forEach(p -> shares.put(p.index(), p.publicKey()));
    return new CombineAndVerify.Request(
        split.commitments().groupPublicKey(), split.threshold(), shares, MESSAGE, partials);
  }

  private static Map<Integer, BlsSignature> partials(
      final KeySplit split, final List<Integer> indices) {
    final Map<Integer, BlsSignature> partials = new HashMap<>();
    indices.forEach(i -> partials.put(i, split.share(i).secretKey().sign(MESSAGE)));
    return partials;
  }

  private static List<PublicShare> publicShares(final KeySplit split, final List<Integer> indices) {
    return indices.stream().map(i -> split.commitments().publicShare(i)).toList();
  }

  private static List<Integer> indices(final int n) {
    final List<Integer> all = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      all.add(i);
    }
    return all;
  }

  private static List<Integer> randomSubset(final int n, final int size, final Random random) {
    final List<Integer> all = indices(n);
    Collections.shuffle(all, random);
    return List.copyOf(all.subList(0, size));
  }

  private static List<List<Integer>> subsets(final int n, final int size) {
    final List<List<Integer>> out = new ArrayList<>();
    for (int mask = 0; mask < 1 << n; mask++) {
      if (Integer.bitCount(mask) == size) {
        final List<Integer> subset = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            subset.add(i + 1);
          }
        }
        out.add(subset);
      }
    }
    return out;
  }
}
