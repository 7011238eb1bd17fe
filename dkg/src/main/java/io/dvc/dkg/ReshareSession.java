package io.dvc.dkg;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.common.time.TimeProvider;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.cluster.LockHashCalculator;
import io.dvc.spec.ssz.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * One participant's side of a resharing (Desmedt–Jajodia redistribution with Feldman verification,
 * as in Wong, Wang and Wing, "Verifiable Secret Redistribution for Archive Systems", 2002): at
 * least t old operators deal their old shares again with polynomials of the new degree, the new
 * operators combine what they receive with the Lagrange weights of the dealers' old indices, and
 * the distributed keys stay the same. A pure state machine like {@link DkgSession} (same messages
 * and phases: HELLO, DEAL, VERDICT, JUSTIFY when there are complaints, LOCK; no DEPOSIT — the
 * deposit data carries over since the keys do not change). Every participant (dealers and new
 * operators) must take part; any fault aborts naming the participant.
 */
public final class ReshareSession extends PhasedSession {
  private static final Logger LOG = LoggerFactory.getLogger(ReshareSession.class);
  private static final byte[] TAG = "DVC-RESHARE-V1".getBytes(StandardCharsets.US_ASCII);

  private final ReshareSettings settings;
  private final DkgSettings newCluster;
  private final SecureRandom random;
  private final Map<Integer, Bytes> digests = new TreeMap<>();
  private final Map<Integer, Set<Integer>> complaints = new TreeMap<>();

  private DkgMessage.Hello ownHello;
  private Bytes sessionId;
  private ReshareDealing dealing;
  private Set<Integer> awaitedJustifications = Set.of();
  private List<DistributedValidator> validators;
  private List<SecretShare> shares = List.of();
  private Bytes lockHash;

  public ReshareSession(
      final ReshareSettings settings,
      final TimeProvider time,
      final SecureRandom random,
      final Outbox outbox) {
    super(
        settings,
        settings.participants().size(),
        participant(settings),
        time,
        outbox,
        settings.helloTimeout(),
        settings.phaseTimeout(),
        LOG,
        "reshare");
    if (settings.dealerIndexOf(me) > 0 && settings.oldShares().isEmpty()) {
      throw new IllegalArgumentException("a dealer needs its old shares");
    }
    this.settings = settings;
    this.newCluster =
        new DkgSettings(
            settings.newDefinition(),
            settings.identity(),
            settings.helloTimeout(),
            settings.phaseTimeout());
    this.random = random;
  }

  private static int participant(final ReshareSettings settings) {
    final int p = settings.participantOf(settings.identity().peerId());
    if (p == 0) {
      throw new IllegalArgumentException("identity key is neither a dealer nor a new operator");
    }
    return p;
  }

  /** SHA-256(tag, old lock hash, new definition hash, dealers): what all participants agree on. */
  static Bytes context(final ReshareSettings s) {
    try {
      final MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(TAG);
      sha.update(s.oldLock().lockHash().toArray());
      sha.update(LockHashCalculator.definitionHash(s.newDefinition()).toArray());
      for (final int i : new TreeSet<>(s.dealers())) {
        sha.update((byte) i);
      }
      return Bytes.of(sha.digest());
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void start() {
    final byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    ownHello = new DkgMessage.Hello(context(settings), Bytes.of(nonce));
    begin(ownHello);
  }

  @Override
  void complete(final DkgPhase done) {
    switch (done) {
      case HELLO -> completeHello();
      case DEAL -> completeDeal();
      case VERDICT -> completeVerdict();
      case JUSTIFY -> completeJustify();
      case LOCK -> completeLock();
      default -> throw new IllegalStateException("no phase after " + done);
    }
  }

  private void completeHello() {
    final Bytes context = context(settings);
    final List<Bytes> nonces = new ArrayList<>();
    for (int p = 1; p <= parties; p++) {
      final DkgMessage.Hello h =
          p == me ? ownHello : (DkgMessage.Hello) inbox.get(DkgPhase.HELLO, p);
      if (!h.definitionHash().equals(context)) {
        abort(
            settings.describe(p) + " reshares another lock, definition or dealer set",
            Set.of(p),
            true);
        return;
      }
      nonces.add(h.nonce());
    }
    sessionId = DealDigest.sessionId(context, nonces);
    enter(DkgPhase.DEAL);
    if (settings.dealerIndexOf(me) > 0) {
      dealing =
          ReshareDealing.create(
              sessionId,
              me,
              settings.oldShares().get(),
              settings.newDefinition().threshold(),
              settings.newDefinition().operatorCount(),
              settings.identity(),
              random);
      LOG.info(
          "reshare deal of {} (own): digest {}", settings.describe(me), dealing.digest().toHex());
      broadcast(dealing.deal());
      for (int p = 1; p <= parties; p++) {
        final int j = settings.newIndexOf(p);
        if (p != me && j > 0) {
          outbox.send(p, new DkgMessage.Shares(dealing.sharesFor(j)));
        }
      }
    }
  }

  private void completeDeal() {
    final Set<Integer> mine = new TreeSet<>();
    final int myNew = settings.newIndexOf(me);
    for (final int p : dealers()) {
      if (p == me) {
        continue;
      }
      final DkgMessage.Deal deal = (DkgMessage.Deal) inbox.get(DkgPhase.DEAL, p);
      final Optional<String> fault = checkDeal(p, deal);
      if (fault.isPresent()) {
        abort(settings.describe(p) + " " + fault.get(), Set.of(p), true);
        return;
      }
      digests.put(p, DealDigest.of(sessionId, p, deal.validators()));
      LOG.info("reshare deal of {}: digest {}", settings.describe(p), digests.get(p).toHex());
      if (myNew > 0 && !DealChecks.sharesMatch(deal.validators(), myNew, inbox.sharesFrom(p))) {
        mine.add(p);
      }
    }
    enter(DkgPhase.VERDICT);
    complaints.put(me, mine);
    final List<DkgMessage.Echo> echoes = new ArrayList<>();
    for (final int p : dealers()) {
      if (p != me) {
        echoes.add(
            new DkgMessage.Echo(
                p, digests.get(p), ((DkgMessage.Deal) inbox.get(DkgPhase.DEAL, p)).signature()));
      }
    }
    broadcast(new DkgMessage.Verdict(List.copyOf(mine), echoes));
  }

  /** Public checks of a dealer's deal; the first commitment must be its old public share. */
  private Optional<String> checkDeal(final int p, final DkgMessage.Deal deal) {
    final List<DistributedValidator> old = settings.oldLock().validators();
    if (deal.validators().size() != old.size()) {
      return Optional.of(
          "dealt " + deal.validators().size() + " validators instead of " + old.size());
    }
    if (!DealChecks.signedBy(
        settings, p, DealDigest.of(sessionId, p, deal.validators()), deal.signature())) {
      return Optional.of("signed its deal with a key that is not its identity key");
    }
    final int oldIndex = settings.dealerIndexOf(p);
    for (int v = 0; v < old.size(); v++) {
      final DkgMessage.ValidatorDeal d = deal.validators().get(v);
      if (d.commitments().size() != settings.newDefinition().threshold()
          || !d.commitments().stream().allMatch(io.dvc.bls.BlsPublicKey::isValid)) {
        return Optional.of("dealt invalid commitments for validator " + v);
      }
      if (!d.commitments().get(0).equals(old.get(v).publicShare(oldIndex))) {
        return Optional.of("dealt validator " + v + " from a value that is not its old share");
      }
      if (!d.proof().verify(d.commitments().get(0), sessionId, p, v)) {
        return Optional.of("gave no valid proof of knowledge of its old share of validator " + v);
      }
    }
    return Optional.empty();
  }

  private void completeVerdict() {
    for (int k = 1; k <= parties; k++) {
      if (k == me) {
        continue;
      }
      final DkgMessage.Verdict verdict = (DkgMessage.Verdict) inbox.get(DkgPhase.VERDICT, k);
      final Optional<Adjudication.Fault> fault =
          Adjudication.checkEchoes(settings, me, k, verdict, this::digestOf);
      if (fault.isPresent()) {
        abort(fault.get());
        return;
      }
      final Set<Integer> theirs = new TreeSet<>(verdict.complaints());
      theirs.retainAll(dealers());
      if (settings.newIndexOf(k) == 0) {
        theirs.clear(); // received no shares: nothing to complain about
      }
      complaints.put(k, theirs);
    }
    final Set<Integer> accused = new TreeSet<>();
    complaints.values().forEach(accused::addAll);
    if (accused.isEmpty()) {
      enterLock();
      return;
    }
    enter(DkgPhase.JUSTIFY);
    accused.remove(me);
    awaitedJustifications = Set.copyOf(accused);
    final List<DkgMessage.Revealed> revealed = new ArrayList<>();
    complaints.forEach(
        (k, js) -> {
          if (js.contains(me) && settings.newIndexOf(k) > 0) {
            revealed.add(new DkgMessage.Revealed(k, dealing.sharesFor(settings.newIndexOf(k))));
          }
        });
    if (!revealed.isEmpty()) {
      broadcast(new DkgMessage.Justification(revealed));
    }
  }

  private void completeJustify() {
    final Adjudication.Judgement judgement =
        Adjudication.judge(
            settings,
            me,
            complaints,
            settings::newIndexOf,
            this::revealedShares,
            this::dealOf,
            LOG);
    if (judgement.fault().isPresent()) {
      abort(judgement.fault().get());
      return;
    }
    judgement.corrected().forEach(inbox::replaceShares);
    enterLock();
  }

  private void enterLock() {
    final Map<Integer, List<DkgMessage.ValidatorDeal>> deals = new TreeMap<>();
    final Map<Integer, byte[]> received = new TreeMap<>();
    final int myNew = settings.newIndexOf(me);
    try {
      for (final int p : dealers()) {
        deals.put(settings.dealerIndexOf(p), dealOf(p));
        if (myNew > 0) {
          received.put(
              settings.dealerIndexOf(p),
              p == me ? dealing.sharesFor(myNew) : inbox.sharesFrom(p).clone());
        }
      }
      validators =
          ReshareAssembly.validators(
              settings.oldLock().validators(), deals, settings.newDefinition().operatorCount());
      if (myNew > 0) {
        shares = ReshareAssembly.ownShares(received, validators, myNew);
      }
    } finally {
      received.values().forEach(b -> java.util.Arrays.fill(b, (byte) 0));
      if (dealing != null) {
        dealing.destroy();
      }
      inbox.destroySecrets();
    }
    lockHash =
        CeremonyTail.lockHash(
            settings.newDefinition(), validators, Optional.of(settings.oldLock().lockHash()));
    enter(DkgPhase.LOCK);
    LOG.info("reshare lock hash {}", lockHash.toHex());
    if (myNew > 0) {
      final byte[] hash = lockHash.toArray();
      final List<BlsSignature> own = new ArrayList<>();
      shares.forEach(s -> own.add(s.secretKey().sign(hash)));
      final DkgMessage.LockSignatures mine =
          new DkgMessage.LockSignatures(
              lockHash, Bytes.of(settings.identity().sign(hash)), Bls.aggregate(own));
      inbox.putOwn(me, mine);
      broadcast(mine);
    }
  }

  private void completeLock() {
    final Map<Integer, DkgMessage.LockSignatures> byNewIndex = new TreeMap<>();
    for (int p = 1; p <= parties; p++) {
      if (settings.newIndexOf(p) > 0) {
        byNewIndex.put(
            settings.newIndexOf(p), (DkgMessage.LockSignatures) inbox.get(DkgPhase.LOCK, p));
      }
    }
    final CeremonyTail.Checked<ClusterLock> lock =
        CeremonyTail.lock(
            newCluster,
            validators,
            Optional.of(settings.oldLock().lockHash()),
            lockHash,
            byNewIndex);
    if (lock.fault() != null) {
      abort(lock.fault());
      return;
    }
    finish(new DkgOutcome.Completed(lock.value(), settings.newIndexOf(me), shares));
    LOG.info(
        "reshare completed: lock hash {} (from {})",
        lockHash.toHex(),
        settings.oldLock().lockHash().toHex());
  }

  // ------------------------------------------------------------------ helpers

  private Set<Integer> dealers() {
    final Set<Integer> out = new TreeSet<>();
    for (int p = 1; p <= parties; p++) {
      if (settings.dealerIndexOf(p) > 0) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  Set<Integer> awaited() {
    final Set<Integer> out = new TreeSet<>();
    for (int p = 1; p <= parties; p++) {
      if (p == me) {
        continue;
      }
      final boolean sends =
          switch (phase) {
            case DEAL -> settings.dealerIndexOf(p) > 0;
            case JUSTIFY -> awaitedJustifications.contains(p);
            case LOCK -> settings.newIndexOf(p) > 0;
            default -> true;
          };
      if (sends) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  boolean hasAll(final int p) {
    if (phase == DkgPhase.DEAL) {
      final boolean deal = inbox.get(DkgPhase.DEAL, p) != null;
      return settings.newIndexOf(me) > 0 ? deal && inbox.hasAll(DkgPhase.DEAL, p) : deal;
    }
    return inbox.get(phase, p) != null;
  }

  private List<DkgMessage.ValidatorDeal> dealOf(final int p) {
    return p == me
        ? dealing.deal().validators()
        : ((DkgMessage.Deal) inbox.get(DkgPhase.DEAL, p)).validators();
  }

  private Bytes digestOf(final int p) {
    return p == me ? dealing.digest() : digests.get(p);
  }

  private Optional<byte[]> revealedShares(final int dealer, final int complainer) {
    return dealer == me
        ? Optional.of(dealing.sharesFor(settings.newIndexOf(complainer)))
        : inbox.revealed(dealer, complainer);
  }

  @Override
  void destroySecrets() {
    if (dealing != null) {
      dealing.destroy();
    }
    inbox.destroySecrets();
    if (outcome instanceof DkgOutcome.Aborted) {
      shares.forEach(SecretShare::destroy);
    }
  }
}
