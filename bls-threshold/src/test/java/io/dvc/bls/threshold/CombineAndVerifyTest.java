package io.dvc.bls.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CombineAndVerifyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MESSAGE = {42};

  private final ThresholdKeySplitter splitter = new ThresholdKeySplitter(RANDOM);
  private final List<KeySplit> validators = new ArrayList<>();

  CombineAndVerifyTest() {
    for (int v = 0; v < 6; v++) {
      validators.add(splitter.splitRandom(3, 4));
    }
  }

  private CombineAndVerify.Request request(
      final KeySplit split, final byte[] message, final Map<Integer, BlsSignature> partials) {
    final Map<Integer, BlsPublicKey> publicShares = new HashMap<>();
    split.publicShares().forEach(p -> publicShares.put(p.index(), p.publicKey()));
    return new CombineAndVerify.Request(
        split.commitments().groupPublicKey(), split.threshold(), publicShares, message, partials);
  }

  private static Map<Integer, BlsSignature> honest(
      final KeySplit split, final byte[] message, final int... indices) {
    final Map<Integer, BlsSignature> partials = new HashMap<>();
    for (final int i : indices) {
      partials.put(i, split.share(i).secretKey().sign(message));
    }
    return partials;
  }

  @Test
  void allHonestValidatorsGetVerifiedSignatures() {
    final List<CombineAndVerify.Request> requests =
        validators.stream().map(s -> request(s, MESSAGE, honest(s, MESSAGE, 1, 2, 4))).toList();

    final List<CombineAndVerify.Result> results = CombineAndVerify.combineAndVerify(requests);

    for (int v = 0; v < validators.size(); v++) {
      final BlsPublicKey group = validators.get(v).commitments().groupPublicKey();
      assertThat(results.get(v).badShareIndices()).isEmpty();
      assertThat(Bls.verify(group, MESSAGE, results.get(v).signature().orElseThrow())).isTrue();
    }
  }

  @Test
  void badPartialIsAttributedToItsSenderAndTheOthersStillCombine() {
    final List<CombineAndVerify.Request> requests = new ArrayList<>();
    for (int v = 0; v < validators.size(); v++) {
      final KeySplit split = validators.get(v);
      final Map<Integer, BlsSignature> partials = honest(split, MESSAGE, 1, 2, 3, 4);
      if (v == 4) {
        partials.put(2, split.share(2).secretKey().sign(new byte[] {13}));
      }
      requests.add(request(split, MESSAGE, partials));
    }

    final List<CombineAndVerify.Result> results = CombineAndVerify.combineAndVerify(requests);

    assertThat(results.get(4).badShareIndices()).containsExactly(2);
    assertThat(results.get(4).isVerified()).isTrue();
    for (int v = 0; v < validators.size(); v++) {
      assertThat(
              Bls.verify(
                  validators.get(v).commitments().groupPublicKey(),
                  MESSAGE,
                  results.get(v).signature().orElseThrow()))
          .isTrue();
      if (v != 4) {
        assertThat(results.get(v).badShareIndices()).isEmpty();
      }
    }
  }

  @Test
  void tooFewGoodPartialsYieldNoSignature() {
    final KeySplit split = validators.get(0);
    final Map<Integer, BlsSignature> partials = honest(split, MESSAGE, 1, 3);
    partials.put(4, validators.get(1).share(4).secretKey().sign(MESSAGE));

    final CombineAndVerify.Result result =
        CombineAndVerify.combineAndVerify(List.of(request(split, MESSAGE, partials))).get(0);

    assertThat(result.isVerified()).isFalse();
    assertThat(result.badShareIndices()).containsExactly(4);
  }

  @Test
  void validatorsWithDifferentMessagesAreBatchedToo() {
    final List<CombineAndVerify.Request> requests = new ArrayList<>();
    for (int v = 0; v < validators.size(); v++) {
      final byte[] message = {(byte) v};
      requests.add(
          request(validators.get(v), message, honest(validators.get(v), message, 2, 3, 4)));
    }
    assertThat(CombineAndVerify.combineAndVerify(requests))
        .allMatch(CombineAndVerify.Result::isVerified);
  }

  /** A point on the G2 curve but outside the subgroup (from the deserialization vectors). */
  private static final String NOT_IN_G2 =
      "8123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
          + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
          + "0123456789abcdef0123456789abcdef";

  @Test
  void partialOutsideTheSubgroupSpoilsTheCombinationAndIsAttributed() {
    final KeySplit split = validators.get(0);
    final Map<Integer, BlsSignature> partials = honest(split, MESSAGE, 1, 2, 3, 4);
    partials.put(1, BlsSignature.fromHex(NOT_IN_G2));

    final BlsSignature spoiled =
        ThresholdAggregator.combineSignatures(
            Map.of(1, partials.get(1), 2, partials.get(2), 3, partials.get(3)));
    assertThat(spoiled.isValid()).isFalse();
    assertThat(Bls.verify(split.commitments().groupPublicKey(), MESSAGE, spoiled)).isFalse();

    final CombineAndVerify.Result result =
        CombineAndVerify.combineAndVerify(List.of(request(split, MESSAGE, partials))).get(0);
    assertThat(result.badShareIndices()).containsExactly(1);
    assertThat(
            Bls.verify(
                split.commitments().groupPublicKey(), MESSAGE, result.signature().orElseThrow()))
        .isTrue();
  }
}
