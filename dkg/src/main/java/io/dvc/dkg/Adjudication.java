package io.dvc.dkg;

import io.dvc.spec.ssz.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Who is at fault, from the VERDICT and JUSTIFY messages: equivocation (two deal digests both
 * signed by the dealer), a forged echo, and GJKR's complaint rule.
 */
final class Adjudication {
  private Adjudication() {}

  /** A fault: the one-line reason and the operators it names. */
  record Fault(String reason, Set<Integer> culprits) {}

  /**
   * The session id from every operator's HELLO (own included, by index): SHA-256 of the definition
   * hash and the nonces in index order; an operator with another definition hash is at fault.
   */
  static CeremonyTail.Checked<Bytes> sessionId(
      final DkgSettings settings, final Map<Integer, DkgMessage.Hello> hellos) {
    final Bytes definitionHash =
        io.dvc.config.cluster.LockHashCalculator.definitionHash(settings.definition());
    final List<Bytes> nonces = new ArrayList<>();
    for (final Map.Entry<Integer, DkgMessage.Hello> e : hellos.entrySet()) {
      if (!e.getValue().definitionHash().equals(definitionHash)) {
        return CeremonyTail.Checked.fault(
            settings.describe(e.getKey())
                + " runs a different cluster definition (hash "
                + e.getValue().definitionHash().toHex()
                + ", ours "
                + definitionHash.toHex()
                + ")",
            Set.of(e.getKey()));
      }
      nonces.add(e.getValue().nonce());
    }
    return CeremonyTail.Checked.ok(DealDigest.sessionId(definitionHash, nonces));
  }

  /**
   * Checks operator {@code k}'s echoes against the deal digests this operator saw.
   *
   * @param digestOf the digest of dealer j's deal as this operator received (or made) it
   */
  static Optional<Fault> checkEchoes(
      final Roster settings,
      final int me,
      final int k,
      final DkgMessage.Verdict verdict,
      final Function<Integer, Bytes> digestOf) {
    for (final DkgMessage.Echo echo : verdict.echoes()) {
      final int j = echo.dealer();
      if (j == k || digestOf.apply(j).equals(echo.digest())) {
        continue;
      }
      if (DealChecks.signedBy(settings, j, echo.digest(), echo.signature())) {
        return Optional.of(
            new Fault(
                settings.describe(j)
                    + " sent different deals to "
                    + settings.describe(me)
                    + " and "
                    + settings.describe(k),
                Set.of(j)));
      }
      return Optional.of(
          new Fault(
              settings.describe(k)
                  + " echoed a deal of operator "
                  + j
                  + " that operator never signed",
              Set.of(k)));
    }
    return Optional.empty();
  }

  /** The outcome of the complaints: faults (abort) or the corrected shares this operator uses. */
  record Judgement(Optional<Fault> fault, Map<Integer, byte[]> corrected) {}

  /**
   * GJKR's rule: a complaint of k against dealer j is resolved when j's revealed shares for k match
   * j's commitments (k then uses them); otherwise j is at fault.
   *
   * @param complaints complainer → accused dealers
   * @param shareIndexOf complainer → the share index its shares are evaluated at
   * @param revealed (dealer, complainer) → the shares the dealer revealed, if it did
   * @param dealOf dealer → its validator deals
   */
  static Judgement judge(
      final Roster settings,
      final int me,
      final Map<Integer, Set<Integer>> complaints,
      final java.util.function.IntUnaryOperator shareIndexOf,
      final BiFunction<Integer, Integer, Optional<byte[]>> revealed,
      final Function<Integer, List<DkgMessage.ValidatorDeal>> dealOf,
      final org.slf4j.Logger log) {
    final List<String> faults = new ArrayList<>();
    final Set<Integer> culprits = new TreeSet<>();
    final Map<Integer, byte[]> corrected = new TreeMap<>();
    complaints.forEach(
        (k, accused) -> {
          for (final int j : accused) {
            final Optional<byte[]> shown = revealed.apply(j, k);
            if (shown.isPresent()
                && DealChecks.sharesMatch(
                    dealOf.apply(j), shareIndexOf.applyAsInt(k), shown.get())) {
              log.warn(
                  "DKG complaint of {} against operator {} resolved by the revealed shares",
                  settings.describe(k),
                  j);
              if (k == me) {
                corrected.put(j, shown.get().clone());
              }
            } else {
              faults.add(
                  settings.describe(j)
                      + " dealt shares to operator "
                      + k
                      + " that do not match its commitments");
              culprits.add(j);
            }
          }
        });
    if (faults.isEmpty()) {
      return new Judgement(Optional.empty(), corrected);
    }
    corrected.values().forEach(b -> java.util.Arrays.fill(b, (byte) 0));
    return new Judgement(Optional.of(new Fault(String.join("; ", faults), culprits)), Map.of());
  }
}
