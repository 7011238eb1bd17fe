package io.dvc.dkg;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.common.time.TimeProvider;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.cluster.LockHashCalculator;
import io.dvc.spec.ssz.Bytes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator's side of a DKG ceremony (Joint-Feldman for all validators of a definition at once,
 * then the deposit and lock): a pure state machine. It does no I/O: messages go out through the
 * injected {@link PhasedSession.Outbox}, arrive through {@link #onMessage}, and time comes from the
 * injected {@link TimeProvider}; the driver calls {@link #onTick()} to let phase deadlines pass.
 * Not thread safe: one thread drives it. The transcript (phases, deal digests, complaints, outcome)
 * is logged, never a secret.
 *
 * <p>Each phase waits for one message from every other operator (see {@link DkgPhase}). Abort rule:
 * the ceremony needs all n operators (every one of them holds a share and signs the lock), so any
 * fault — a missing message at a phase deadline, a different definition, a bad deal signature,
 * commitment or proof of knowledge, an equivocating dealer, a complaint the accused dealer cannot
 * resolve by revealing matching shares (GJKR's justification), a bad deposit partial, a different
 * lock hash or a bad lock signature — aborts the ceremony, names the operator(s) at fault, and
 * tells the others. (GJKR would disqualify such a dealer and continue with the qualified set; we
 * abort instead, because an operator caught cheating should not hold a share of the cluster.)
 */
public final class DkgSession extends PhasedSession {
  private static final Logger LOG = LoggerFactory.getLogger(DkgSession.class);

  private final DkgSettings settings;
  private final int n;
  private final SecureRandom random;

  private DkgMessage.Hello ownHello;
  private final Map<Integer, Bytes> digests = new TreeMap<>();
  private Bytes sessionId;
  private Dealing dealing;
  private Set<Integer> awaitedJustifications = Set.of();
  private final Map<Integer, Set<Integer>> complaints = new TreeMap<>();
  private List<KeyAssembly.ValidatorKeys> keys;
  private List<Bytes> depositRoots;
  private List<DistributedValidator> validators;
  private Bytes lockHash;

  public DkgSession(
      final DkgSettings settings,
      final TimeProvider time,
      final SecureRandom random,
      final Outbox outbox) {
    super(
        settings,
        settings.operatorCount(),
        settings.ownIndex(),
        time,
        outbox,
        settings.helloTimeout(),
        settings.phaseTimeout(),
        LOG,
        "DKG");
    this.settings = settings;
    this.n = settings.operatorCount();
    this.random = random;
  }

  @Override
  public void start() {
    final byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    ownHello =
        new DkgMessage.Hello(
            LockHashCalculator.definitionHash(settings.definition()), Bytes.of(bytes));
    begin(ownHello);
  }

  // ------------------------------------------------------------------ phases

  @Override
  void complete(final DkgPhase done) {
    switch (done) {
      case HELLO -> completeHello();
      case DEAL -> completeDeal();
      case VERDICT -> completeVerdict();
      case JUSTIFY -> completeJustify();
      case DEPOSIT -> completeDeposit();
      case LOCK -> completeLock();
      default -> throw new IllegalStateException("no phase after " + done);
    }
  }

  private void completeHello() {
    final Map<Integer, DkgMessage.Hello> hellos = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      hellos.put(i, i == me ? ownHello : (DkgMessage.Hello) message(DkgPhase.HELLO, i));
    }
    final CeremonyTail.Checked<Bytes> session = Adjudication.sessionId(settings, hellos);
    if (session.fault() != null) {
      abort(session.fault());
      return;
    }
    sessionId = session.value();
    LOG.info("DKG session {}: all {} operators connected", sessionId.toHex(), n);
    enter(DkgPhase.DEAL);
    dealing =
        Dealing.create(
            sessionId,
            me,
            n,
            settings.definition().threshold(),
            settings.definition().numValidators(),
            settings.identity(),
            random);
    LOG.info("DKG deal of {} (own): digest {}", settings.describe(me), dealing.digest().toHex());
    broadcast(dealing.deal());
    for (int i = 1; i <= n; i++) {
      if (i != me) {
        outbox.send(i, new DkgMessage.Shares(dealing.sharesFor(i)));
      }
    }
  }

  private void completeDeal() {
    final Set<Integer> mine = new TreeSet<>();
    for (int j = 1; j <= n; j++) {
      if (j == me) {
        continue;
      }
      final DkgMessage.Deal deal = (DkgMessage.Deal) message(DkgPhase.DEAL, j);
      final Optional<String> fault = DealChecks.checkDeal(settings, sessionId, j, deal);
      if (fault.isPresent()) {
        abort(settings.describe(j) + " " + fault.get(), Set.of(j), true);
        return;
      }
      digests.put(j, DealDigest.of(sessionId, j, deal.validators()));
      LOG.info("DKG deal of {}: digest {}", settings.describe(j), digests.get(j).toHex());
      if (!DealChecks.sharesMatch(deal.validators(), me, inbox.sharesFrom(j))) {
        LOG.warn(
            "DKG complaint: shares from {} do not match its commitments", settings.describe(j));
        mine.add(j);
      }
    }
    enter(DkgPhase.VERDICT);
    complaints.put(me, mine);
    final List<DkgMessage.Echo> echoes = new ArrayList<>();
    for (int j = 1; j <= n; j++) {
      if (j != me) {
        final DkgMessage.Deal deal = (DkgMessage.Deal) message(DkgPhase.DEAL, j);
        echoes.add(new DkgMessage.Echo(j, digests.get(j), deal.signature()));
      }
    }
    broadcast(new DkgMessage.Verdict(List.copyOf(mine), echoes));
  }

  private void completeVerdict() {
    for (int k = 1; k <= n; k++) {
      if (k == me) {
        continue;
      }
      final DkgMessage.Verdict verdict = (DkgMessage.Verdict) message(DkgPhase.VERDICT, k);
      final Optional<Adjudication.Fault> fault =
          Adjudication.checkEchoes(settings, me, k, verdict, this::digestOf);
      if (fault.isPresent()) {
        abort(fault.get());
        return;
      }
      final Set<Integer> theirs = new TreeSet<>(verdict.complaints());
      theirs.remove(k);
      complaints.put(k, theirs);
      for (final int j : theirs) {
        LOG.warn(
            "DKG complaint: {} says shares from {} do not match its commitments",
            settings.describe(k),
            settings.describe(j));
      }
    }
    final Set<Integer> accused = new TreeSet<>();
    complaints.values().forEach(accused::addAll);
    if (accused.isEmpty()) {
      enterDeposit();
      return;
    }
    enter(DkgPhase.JUSTIFY);
    accused.remove(me);
    awaitedJustifications = Set.copyOf(accused);
    final List<DkgMessage.Revealed> revealed = new ArrayList<>();
    complaints.forEach(
        (k, js) -> {
          if (js.contains(me)) {
            revealed.add(new DkgMessage.Revealed(k, dealing.sharesFor(k)));
          }
        });
    if (!revealed.isEmpty()) {
      broadcast(new DkgMessage.Justification(revealed));
    }
  }

  /**
   * GJKR's rule for complaints ({@link Adjudication#judge}); an unresolved complaint aborts, since
   * the ceremony needs every operator.
   */
  private void completeJustify() {
    final Adjudication.Judgement judgement =
        Adjudication.judge(
            settings, me, complaints, k -> k, this::revealedShares, this::dealOf, LOG);
    if (judgement.fault().isPresent()) {
      abort(judgement.fault().get());
      return;
    }
    judgement.corrected().forEach(inbox::replaceShares);
    enterDeposit();
  }

  private void enterDeposit() {
    final List<List<DkgMessage.ValidatorDeal>> deals = new ArrayList<>();
    final List<byte[]> shares = new ArrayList<>();
    final byte[] own = dealing.sharesFor(me);
    try {
      for (int j = 1; j <= n; j++) {
        deals.add(dealOf(j));
        shares.add(j == me ? own : inbox.sharesFrom(j));
      }
      keys = KeyAssembly.assemble(deals, shares, me, n);
    } finally {
      java.util.Arrays.fill(own, (byte) 0);
      destroySecretsOfDealing();
    }
    depositRoots = CeremonyTail.depositRoots(settings.definition(), keys);
    final List<BlsSignature> partials = new ArrayList<>(keys.size());
    for (int v = 0; v < keys.size(); v++) {
      partials.add(keys.get(v).ownShare().secretKey().sign(depositRoots.get(v).toArray()));
    }
    enter(DkgPhase.DEPOSIT);
    inbox.putOwn(me, new DkgMessage.DepositPartials(partials));
    broadcast(new DkgMessage.DepositPartials(partials));
  }

  private void completeDeposit() {
    final Map<Integer, DkgMessage.DepositPartials> partials = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      partials.put(i, (DkgMessage.DepositPartials) message(DkgPhase.DEPOSIT, i));
    }
    final CeremonyTail.Checked<List<BlsSignature>> deposits =
        CeremonyTail.combineDeposits(settings, keys, depositRoots, partials);
    if (deposits.fault() != null) {
      abort(deposits.fault());
      return;
    }
    validators = CeremonyTail.validators(settings.definition(), keys, deposits.value());
    lockHash = CeremonyTail.lockHash(settings.definition(), validators, Optional.empty());
    final byte[] hash = lockHash.toArray();
    final List<BlsSignature> own = new ArrayList<>(keys.size());
    keys.forEach(k -> own.add(k.ownShare().secretKey().sign(hash)));
    final DkgMessage.LockSignatures mine =
        new DkgMessage.LockSignatures(
            lockHash, Bytes.of(settings.identity().sign(hash)), Bls.aggregate(own));
    LOG.info("DKG lock hash {}", lockHash.toHex());
    enter(DkgPhase.LOCK);
    inbox.putOwn(me, mine);
    broadcast(mine);
  }

  private void completeLock() {
    final Map<Integer, DkgMessage.LockSignatures> signatures = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      signatures.put(i, (DkgMessage.LockSignatures) message(DkgPhase.LOCK, i));
    }
    final CeremonyTail.Checked<ClusterLock> lock =
        CeremonyTail.lock(settings, validators, Optional.empty(), lockHash, signatures);
    if (lock.fault() != null) {
      abort(lock.fault());
      return;
    }
    final List<SecretShare> shares =
        keys.stream().map(KeyAssembly.ValidatorKeys::ownShare).toList();
    finish(new DkgOutcome.Completed(lock.value(), me, shares));
    LOG.info("DKG completed: lock hash {}, {} validators", lockHash.toHex(), validators.size());
  }

  // ------------------------------------------------------------------ helpers

  @Override
  Set<Integer> awaited() {
    return phase == DkgPhase.JUSTIFY ? awaitedJustifications : others();
  }

  @Override
  boolean hasAll(final int from) {
    return inbox.hasAll(phase, from);
  }

  private DkgMessage message(final DkgPhase p, final int from) {
    return inbox.get(p, from);
  }

  private List<DkgMessage.ValidatorDeal> dealOf(final int dealer) {
    return dealer == me
        ? dealing.deal().validators()
        : ((DkgMessage.Deal) message(DkgPhase.DEAL, dealer)).validators();
  }

  private Bytes digestOf(final int dealer) {
    return dealer == me ? dealing.digest() : digests.get(dealer);
  }

  private Optional<byte[]> revealedShares(final int dealer, final int complainer) {
    return dealer == me
        ? Optional.of(dealing.sharesFor(complainer))
        : inbox.revealed(dealer, complainer);
  }

  @Override
  void destroySecrets() {
    destroySecretsOfDealing();
    if (keys != null && outcome instanceof DkgOutcome.Aborted) {
      keys.forEach(k -> k.ownShare().destroy());
    }
  }

  private void destroySecretsOfDealing() {
    if (dealing != null) {
      dealing.destroy();
    }
    inbox.destroySecrets();
  }
}
