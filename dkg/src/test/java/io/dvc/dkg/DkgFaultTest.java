package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.LockHashCalculator;
import io.dvc.spec.ssz.Bytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DkgFaultTest {
  private static final int N = 4;
  private static final int T = 3;
  private static final int V = 3;
  private static final int CHEATER = 2;

  @Test
  void aDealerThatSendsOnePeerAWrongShareAndStandsByItIsNamedAndEveryoneAborts() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    c.tamper =
        (from, to, m) -> {
          if (from == CHEATER && to == 3 && m instanceof DkgMessage.Shares s) {
            return Optional.of(new DkgMessage.Shares(addOne(s.scalars(), 1)));
          }
          if (from == CHEATER && m instanceof DkgMessage.Justification j) {
            return Optional.of(lyingJustification(j, r -> addOne(r.scalars(), 1)));
          }
          return Optional.of(m);
        };
    final Map<Integer, DkgOutcome> outcomes = c.run();

    assertAllHonestAbortNaming(outcomes, CHEATER, DkgPhase.JUSTIFY);
    assertThat(reason(outcomes.get(1)))
        .contains("operator 2 'op-2'")
        .contains("dealt shares to operator 3 that do not match its commitments");
  }

  @Test
  void aDealerWhoseCommitmentsDoNotMatchTheSharesItSendsEveryoneIsNamed() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    c.tamper =
        (from, to, m) -> {
          if (from == CHEATER && m instanceof DkgMessage.Shares s) {
            return Optional.of(new DkgMessage.Shares(addOne(s.scalars(), 0)));
          }
          if (from == CHEATER && m instanceof DkgMessage.Justification j) {
            return Optional.of(lyingJustification(j, r -> addOne(r.scalars(), 0)));
          }
          return Optional.of(m);
        };
    final Map<Integer, DkgOutcome> outcomes = c.run();

    assertAllHonestAbortNaming(outcomes, CHEATER, DkgPhase.JUSTIFY);
    assertThat(reason(outcomes.get(3)))
        .contains("operator 2 'op-2' (" + c.keys.get(1).peerId() + ") dealt shares to operator 1")
        .contains("dealt shares to operator 4");
  }

  @Test
  void aWrongShareTheDealerCorrectsInItsJustificationIsResolvedAndTheCeremonyCompletes() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    c.tamper =
        (from, to, m) ->
            from == CHEATER && to == 3 && m instanceof DkgMessage.Shares s
                ? Optional.of(new DkgMessage.Shares(addOne(s.scalars(), 2)))
                : Optional.of(m);
    final Map<Integer, DkgOutcome> outcomes = c.run();

    assertThat(outcomes.values()).allMatch(DkgOutcome.Completed.class::isInstance);
    assertThat(outcomes.values().stream().map(o -> ((DkgOutcome.Completed) o).lock()).distinct())
        .hasSize(1);
    assertThat(c.sessions.get(1).phase()).isEqualTo(DkgPhase.DONE);
  }

  @Test
  void aFalseComplaintIsResolvedByTheRevealedSharesAndTheCeremonyCompletes() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    c.tamper =
        (from, to, m) ->
            from == 3 && m instanceof DkgMessage.Verdict v
                ? Optional.of(new DkgMessage.Verdict(List.of(CHEATER), v.echoes()))
                : Optional.of(m);
    final Map<Integer, DkgOutcome> outcomes = c.run();

    assertThat(outcomes.values()).allMatch(DkgOutcome.Completed.class::isInstance);
  }

  @Test
  void aDealerThatSendsDifferentSignedDealsToDifferentPeersIsNamed() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    final SessionSpy spy = new SessionSpy(c);
    final Dealing[] other = new Dealing[1];
    c.tamper =
        (from, to, m) -> {
          spy.observe(from, m);
          if (from == CHEATER && to == 4 && !(m instanceof DkgMessage.Hello)) {
            if (other[0] == null) {
              other[0] =
                  Dealing.create(
                      spy.sessionId(), CHEATER, N, T, V, c.keys.get(1), new SecureRandom());
            }
            if (m instanceof DkgMessage.Deal) {
              return Optional.of(other[0].deal());
            }
            if (m instanceof DkgMessage.Shares) {
              return Optional.of(new DkgMessage.Shares(other[0].sharesFor(4)));
            }
          }
          return Optional.of(m);
        };
    final Map<Integer, DkgOutcome> outcomes = c.run();

    assertAllHonestAbortNaming(outcomes, CHEATER, DkgPhase.VERDICT);
    assertThat(reason(outcomes.get(1))).contains("operator 2 'op-2'").contains("different deals");
  }

  @Test
  void aDealWithoutAValidProofOfKnowledgeIsRejectedByEveryone() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    final SessionSpy spy = new SessionSpy(c);
    c.tamper =
        (from, to, m) -> {
          spy.observe(from, m);
          if (from == CHEATER && m instanceof DkgMessage.Deal d) {
            final List<DkgMessage.ValidatorDeal> deals = new ArrayList<>(d.validators());
            final DkgMessage.ValidatorDeal first = deals.get(0);
            final BlsSecretKey k = BlsSecretKey.random(new SecureRandom());
            deals.set(
                0,
                new DkgMessage.ValidatorDeal(
                    first.commitments(),
                    new SchnorrProof(k.publicKey(), first.proof().response())));
            final Bytes digest = DealDigest.of(spy.sessionId(), CHEATER, deals);
            return Optional.of(
                new DkgMessage.Deal(deals, Bytes.of(c.keys.get(1).sign(digest.toArray()))));
          }
          return Optional.of(m);
        };
    final Map<Integer, DkgOutcome> outcomes = c.run();

    assertAllHonestAbortNaming(outcomes, CHEATER, DkgPhase.DEAL);
    assertThat(reason(outcomes.get(1)))
        .contains("gave no valid proof of knowledge of its constant term for validator 0");
  }

  @Test
  void anInvalidDepositPartialIsNamed() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    final BlsSignature junk = BlsSecretKey.random(new SecureRandom()).sign(new byte[32]);
    c.tamper =
        (from, to, m) -> {
          if (from == CHEATER && m instanceof DkgMessage.DepositPartials p) {
            final List<BlsSignature> partials = new ArrayList<>(p.partials());
            partials.set(1, junk);
            return Optional.of(new DkgMessage.DepositPartials(partials));
          }
          return Optional.of(m);
        };
    final Map<Integer, DkgOutcome> outcomes = c.run();

    assertAllHonestAbortNaming(outcomes, CHEATER, DkgPhase.DEPOSIT);
    assertThat(reason(outcomes.get(1))).contains("invalid deposit partial signatures");
  }

  @Test
  void anOperatorThatNeverShowsUpAbortsEveryoneAtTheHelloDeadlineNamingIt() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    c.absent.add(4);
    final long start = c.time.currentTimeMillis();
    final Map<Integer, DkgOutcome> outcomes = c.run();

    assertThat(outcomes).containsOnlyKeys(1, 2, 3);
    for (final DkgOutcome o : outcomes.values()) {
      final DkgOutcome.Aborted a = (DkgOutcome.Aborted) o;
      assertThat(a.phase()).isEqualTo(DkgPhase.HELLO);
      assertThat(a.culprits()).containsExactly(4);
      assertThat(a.reason())
          .startsWith("no hello from operator 4 'op-4'")
          .contains("within 60.0 s");
    }
    assertThat(c.time.currentTimeMillis() - start)
        .isEqualTo(InMemoryCeremony.HELLO_TIMEOUT.toMillis());
  }

  @Test
  void anOperatorThatGoesSilentAfterDealingAbortsEveryoneWithinThePhaseTimeout() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    c.tamper =
        (from, to, m) ->
            from == 4 && m.phase().compareTo(DkgPhase.DEAL) > 0 ? Optional.empty() : Optional.of(m);
    final long start = c.time.currentTimeMillis();
    final Map<Integer, DkgOutcome> outcomes = c.run();

    for (int i = 1; i <= 3; i++) {
      final DkgOutcome.Aborted a = (DkgOutcome.Aborted) outcomes.get(i);
      assertThat(a.phase()).isEqualTo(DkgPhase.VERDICT);
      assertThat(a.culprits()).containsExactly(4);
      assertThat(a.reason()).startsWith("no verdict from operator 4");
    }
    assertThat(c.time.currentTimeMillis() - start)
        .isEqualTo(InMemoryCeremony.PHASE_TIMEOUT.toMillis());
  }

  @Test
  void anOperatorWithAnotherDefinitionIsNamed() {
    final InMemoryCeremony c = new InMemoryCeremony(N, T, V);
    final ClusterDefinition d = c.definition;
    final ClusterDefinition other =
        new ClusterDefinition(
            d.version(),
            "another name",
            d.network(),
            d.operators(),
            d.threshold(),
            d.numValidators(),
            d.withdrawalAddress(),
            d.withdrawalType(),
            d.feeRecipient(),
            d.depositAmountGwei());
    final Map<Integer, DkgOutcome> outcomes = c.run(Map.of(3, other));

    final DkgOutcome.Aborted a = (DkgOutcome.Aborted) outcomes.get(1);
    assertThat(a.culprits()).containsExactly(3);
    assertThat(a.reason())
        .contains("operator 3 'op-3'")
        .contains(
            "runs a different cluster definition (hash "
                + LockHashCalculator.definitionHash(other).toHex());
    assertThat(outcomes.values()).allMatch(DkgOutcome.Aborted.class::isInstance);
  }

  // ------------------------------------------------------------------ helpers

  private static void assertAllHonestAbortNaming(
      final Map<Integer, DkgOutcome> outcomes, final int culprit, final DkgPhase phase) {
    for (int i = 1; i <= N; i++) {
      assertThat(outcomes.get(i)).as("operator %d", i).isInstanceOf(DkgOutcome.Aborted.class);
      if (i == culprit) {
        continue;
      }
      final DkgOutcome.Aborted a = (DkgOutcome.Aborted) outcomes.get(i);
      assertThat(a.culprits()).as("culprits seen by operator %d", i).containsExactly(culprit);
      assertThat(a.phase()).isEqualTo(phase);
      assertThat(a.reason()).contains("operator " + culprit + " 'op-" + culprit + "'");
    }
  }

  private static String reason(final DkgOutcome outcome) {
    return ((DkgOutcome.Aborted) outcome).reason();
  }

  /** The scalars with 1 added to validator {@code v}'s (mod r). */
  static byte[] addOne(final byte[] scalars, final int v) {
    final byte[] out = scalars.clone();
    final byte[] one = java.util.Arrays.copyOfRange(out, v * 32, v * 32 + 32);
    final BigInteger changed =
        new BigInteger(1, one).add(BigInteger.ONE).mod(io.dvc.bls.Bls.CURVE_ORDER);
    System.arraycopy(Scalars.toBytes32(changed), 0, out, v * 32, 32);
    return out;
  }

  private static DkgMessage.Justification lyingJustification(
      final DkgMessage.Justification j,
      final java.util.function.Function<DkgMessage.Revealed, byte[]> lie) {
    return new DkgMessage.Justification(
        j.revealed().stream()
            .map(r -> new DkgMessage.Revealed(r.complainer(), lie.apply(r)))
            .toList());
  }

  /** Watches the HELLO messages to learn the session id, as a cheating operator would. */
  private static final class SessionSpy {
    private final InMemoryCeremony ceremony;
    private final Map<Integer, Bytes> nonces = new TreeMap<>();

    SessionSpy(final InMemoryCeremony ceremony) {
      this.ceremony = ceremony;
    }

    void observe(final int from, final DkgMessage m) {
      if (m instanceof DkgMessage.Hello h) {
        nonces.put(from, h.nonce());
      }
    }

    Bytes sessionId() {
      return DealDigest.sessionId(
          LockHashCalculator.definitionHash(ceremony.definition), List.copyOf(nonces.values()));
    }
  }
}
