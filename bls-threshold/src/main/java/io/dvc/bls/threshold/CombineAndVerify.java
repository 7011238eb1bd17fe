package io.dvc.bls.threshold;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsException;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.SignatureSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Combines the partial signatures of many distributed validators and verifies all combined
 * signatures in one batch (two pairings when every validator signs the same message). Only when the
 * batch fails does it look for the culprits: it bisects the batch down to the failing validators,
 * verifies their partials one by one against the public shares, names the share indices that sent
 * bad partials and recombines from the good ones when t remain.
 */
public final class CombineAndVerify {
  private CombineAndVerify() {}

  /** One validator's input: its keys, the message and the partials received, by share index. */
  public record Request(
      BlsPublicKey groupPublicKey,
      int threshold,
      Map<Integer, BlsPublicKey> publicShares,
      byte[] message,
      Map<Integer, BlsSignature> partials) {
    public Request {
      Objects.requireNonNull(groupPublicKey, "groupPublicKey");
      if (threshold < 1 || threshold > ShareIndices.MAX) {
        throw new IllegalArgumentException("threshold must be in 1..255, got " + threshold);
      }
      publicShares = Map.copyOf(publicShares);
      message = Objects.requireNonNull(message, "message").clone();
      partials = Map.copyOf(partials);
    }

    @Override
    public byte[] message() {
      return message.clone();
    }
  }

  /**
   * One validator's outcome: the verified group signature when t good partials were available, and
   * the share indices whose partials did not verify (empty unless the batch failed).
   */
  public record Result(Optional<BlsSignature> signature, Set<Integer> badShareIndices) {
    public Result {
      Objects.requireNonNull(signature, "signature");
      badShareIndices = Set.copyOf(badShareIndices);
    }

    public boolean isVerified() {
      return signature.isPresent();
    }
  }

  /** Combines and verifies every request; results are in the order of the requests. */
  public static List<Result> combineAndVerify(final List<Request> requests) {
    final List<Attempt> attempts = requests.stream().map(CombineAndVerify::combine).toList();
    final List<Integer> combined = new ArrayList<>();
    for (int i = 0; i < attempts.size(); i++) {
      if (attempts.get(i).signature != null) {
        combined.add(i);
      }
    }
    final Set<Integer> failed = new TreeSet<>();
    findFailures(requests, attempts, combined, failed);
    final List<Result> results = new ArrayList<>(attempts.size());
    for (int i = 0; i < attempts.size(); i++) {
      final Attempt attempt = attempts.get(i);
      if (attempt.signature != null && !failed.contains(i)) {
        results.add(new Result(Optional.of(attempt.signature), attempt.badIndices));
      } else {
        results.add(attribute(requests.get(i), attempt.badIndices));
      }
    }
    return List.copyOf(results);
  }

  private static final class Attempt {
    private final BlsSignature signature;
    private final Set<Integer> badIndices;

    private Attempt(final BlsSignature signature, final Set<Integer> badIndices) {
      this.signature = signature;
      this.badIndices = badIndices;
    }
  }

  /**
   * Combines the lowest t partials whose sender has a public share. No partial is checked here: a
   * bad one makes the combined signature fail the batch (or fail to decode), and only then are the
   * partials verified one by one.
   */
  private static Attempt combine(final Request request) {
    final Set<Integer> unknown = new TreeSet<>();
    final Map<Integer, BlsSignature> chosen = new TreeMap<>();
    for (final Map.Entry<Integer, BlsSignature> entry :
        new TreeMap<>(request.partials).entrySet()) {
      if (!request.publicShares.containsKey(entry.getKey())) {
        unknown.add(entry.getKey());
      } else if (chosen.size() < request.threshold) {
        chosen.put(entry.getKey(), entry.getValue());
      }
    }
    if (chosen.size() < request.threshold) {
      return new Attempt(null, unknown);
    }
    try {
      return new Attempt(ThresholdAggregator.combineSignatures(chosen), unknown);
    } catch (final BlsException e) {
      return new Attempt(null, unknown);
    }
  }

  /** Bisects {@code candidates} with batch verification; adds the failing ones to {@code out}. */
  private static void findFailures(
      final List<Request> requests,
      final List<Attempt> attempts,
      final List<Integer> candidates,
      final Set<Integer> out) {
    if (candidates.isEmpty()) {
      return;
    }
    final List<SignatureSet> sets =
        candidates.stream()
            .map(
                i ->
                    new SignatureSet(
                        requests.get(i).groupPublicKey,
                        requests.get(i).message,
                        attempts.get(i).signature))
            .toList();
    if (Bls.batchVerify(sets)) {
      return;
    }
    if (candidates.size() == 1) {
      out.add(candidates.get(0));
      return;
    }
    final int half = candidates.size() / 2;
    findFailures(requests, attempts, candidates.subList(0, half), out);
    findFailures(requests, attempts, candidates.subList(half, candidates.size()), out);
  }

  /** Verifies every partial of one validator on its own and recombines from the good ones. */
  private static Result attribute(final Request request, final Set<Integer> knownBad) {
    final Set<Integer> bad = new TreeSet<>(knownBad);
    final TreeMap<Integer, BlsSignature> good = new TreeMap<>();
    for (final Map.Entry<Integer, BlsSignature> entry :
        new TreeMap<>(request.partials).entrySet()) {
      final BlsPublicKey share = request.publicShares.get(entry.getKey());
      if (!bad.contains(entry.getKey())
          && share != null
          && Bls.verify(share, request.message, entry.getValue())) {
        good.put(entry.getKey(), entry.getValue());
      } else {
        bad.add(entry.getKey());
      }
    }
    if (good.size() < request.threshold) {
      return new Result(Optional.empty(), bad);
    }
    final Map<Integer, BlsSignature> chosen = new TreeMap<>();
    good.entrySet().stream()
        .limit(request.threshold)
        .forEach(e -> chosen.put(e.getKey(), e.getValue()));
    final BlsSignature signature = ThresholdAggregator.combineSignatures(chosen);
    return Bls.verify(request.groupPublicKey, request.message, signature)
        ? new Result(Optional.of(signature), bad)
        : new Result(Optional.empty(), bad);
  }
}
