package io.dvc.consensus.qbft;

import io.dvc.consensus.Digest;
import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import io.dvc.consensus.qbft.Rejection.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One QBFT instance (Moniz, "The Istanbul BFT Consensus Algorithm", with the QBFT justification
 * rules) as a pure state machine: inputs are {@link #start}, {@link #provideValue}, {@link
 * #onMessage} and {@link #onTimer}; each returns the {@link Effects} (messages to send, timers to
 * set, the decision, rejected messages). No clock, threads or I/O; not thread-safe.
 *
 * <p>Rounds start at 1. Messages this instance broadcasts are also delivered to itself.
 */
public final class QbftInstance {
  private static final Comparator<QbftMessage> HIGHEST_PREPARED_FIRST =
      Comparator.comparingInt((QbftMessage m) -> -m.payload().preparedRound())
          .thenComparingInt(QbftMessage::sender);

  private final QbftConfig config;
  private final InstanceId id;
  private final long startMillis;
  private final int quorumSize;
  private final int weakQuorum;

  private boolean started;
  private Value input;
  private int round;

  /** The round whose end was pushed back when its proposal was accepted; 0 if none. */
  private int extendedRound;

  private int preparedRound;
  private Value preparedValue;
  private List<SignedPayload> preparedCert = List.of();

  private final Map<Integer, QbftMessage> proposals = new HashMap<>();
  private final Map<Digest, Value> knownValues = new HashMap<>();
  private final Map<Integer, Map<Integer, SignedPayload>> prepares = new HashMap<>();
  private final Map<Integer, Map<Integer, SignedPayload>> commits = new TreeMap<>();
  private final Map<Integer, Map<Integer, QbftMessage>> roundChanges = new TreeMap<>();
  private final Map<Integer, Integer> highestRoundChange = new HashMap<>();
  private final Set<Integer> proposedRounds = new HashSet<>();
  private final Set<Integer> committedRounds = new HashSet<>();

  private Decision decision;
  private QbftMessage decidedProof;
  private final Map<Integer, Integer> answersPerPeer = new HashMap<>();
  private final Set<Long> answeredPeerRounds = new HashSet<>();

  private final Certificates certificates;
  private Effects.Builder out;
  private final ArrayDeque<QbftMessage> ownQueue = new ArrayDeque<>();

  public QbftInstance(final QbftConfig config, final InstanceId id, final long startMillis) {
    this.config = config;
    this.id = id;
    this.startMillis = startMillis;
    this.quorumSize = config.quorum().quorum();
    this.weakQuorum = config.quorum().weak();
    this.certificates = new Certificates(config, id);
  }

  // ---------------------------------------------------------------- inputs

  /**
   * Starts the instance at the round in progress at {@code nowMillis} (round 1 on a timely start; a
   * later round after a restart, announced with a round change).
   *
   * @param inputValue this operator's value, or null if it arrives later via {@link #provideValue}
   */
  public Effects start(final long nowMillis, final Value inputValue) {
    if (started) {
      throw new IllegalStateException("instance " + id + " already started");
    }
    started = true;
    input = inputValue;
    out = new Effects.Builder();
    final int first = config.timerPolicy().roundAt(startMillis, nowMillis, config.maxRound());
    enterRound(first);
    if (first == 1) {
      tryProposeRoundOne();
    } else {
      sendRoundChange();
    }
    return finish();
  }

  /** Supplies this operator's value if it was not given at start; ignored otherwise. */
  public Effects provideValue(final Value value) {
    requireStarted();
    if (input != null || decision != null) {
      return Effects.NONE;
    }
    input = value;
    out = new Effects.Builder();
    if (round == 1) {
      tryProposeRoundOne();
    } else {
      checkRoundChangeQuorum();
    }
    return finish();
  }

  /** Handles a received message (signature, membership and justifications are checked here). */
  public Effects onMessage(final QbftMessage message) {
    requireStarted();
    out = new Effects.Builder();
    handle(message, false);
    return finish();
  }

  /** The timer of {@code timerRound} fired; stale timers are ignored. */
  public Effects onTimer(final int timerRound, final long nowMillis) {
    requireStarted();
    if (decision != null || timerRound != round || round >= config.maxRound()) {
      return Effects.NONE;
    }
    out = new Effects.Builder();
    final int byClock = config.timerPolicy().roundAt(startMillis, nowMillis, config.maxRound());
    enterRound(Math.max(round + 1, byClock));
    sendRoundChange();
    checkRoundSkip();
    checkRoundChangeQuorum();
    return finish();
  }

  /**
   * This operator holds no connection to the current round's leader: change round now, as the
   * round's timer would later. A leader that cannot be reached cannot propose to this operator, and
   * changing round is safe at any moment (a new round's value is justified by a quorum of round
   * changes); it only saves the wait. Ignored once decided, in the last round, when this operator
   * leads, and when the round's proposal already arrived (the round may still decide without its
   * leader).
   */
  public Effects onLeaderUnreachable(final long nowMillis) {
    requireStarted();
    if (decision != null
        || round >= config.maxRound()
        || leader(round) == config.self()
        || proposals.containsKey(round)) {
      return Effects.NONE;
    }
    return onTimer(round, nowMillis);
  }

  // ---------------------------------------------------------------- state

  public InstanceId id() {
    return id;
  }

  public long startMillis() {
    return startMillis;
  }

  public boolean isStarted() {
    return started;
  }

  public int round() {
    return round;
  }

  public int preparedRound() {
    return preparedRound;
  }

  public Optional<Value> preparedValue() {
    return Optional.ofNullable(preparedValue);
  }

  public Optional<Decision> decision() {
    return Optional.ofNullable(decision);
  }

  public int leader(final int r) {
    return config.leaderElection().leader(id, r, config.members());
  }

  // ---------------------------------------------------------------- plumbing

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("instance " + id + " not started");
    }
  }

  private Effects finish() {
    while (!ownQueue.isEmpty()) {
      handle(ownQueue.poll(), true);
    }
    final Effects effects = out.build();
    out = null;
    return effects;
  }

  private void enterRound(final int r) {
    round = r;
    out.timer(new TimerRequest(id, r, config.timerPolicy().roundEnd(startMillis, r)));
  }

  private void broadcast(final QbftMessage message) {
    out.send(Outbound.broadcast(message));
    ownQueue.add(message);
  }

  private SignedPayload sign(final Payload payload) {
    final SignedPayload signed = SignedPayload.sign(payload, config.signer());
    certificates.remember(signed);
    return signed;
  }

  private void reject(final QbftMessage m, final Reason reason, final String detail) {
    out.reject(Rejection.of(m, reason, detail));
  }

  private void tryProposeRoundOne() {
    if (decision == null
        && input != null
        && leader(1) == config.self()
        && proposedRounds.isEmpty()) {
      propose(1, input, List.of(), List.of());
    }
  }

  private void propose(
      final int r,
      final Value value,
      final List<SignedPayload> justification,
      final List<SignedPayload> cert) {
    proposedRounds.add(r);
    final SignedPayload signed =
        sign(Payload.of(MessageType.PROPOSAL, id, r, config.self(), value.digest()));
    broadcast(new QbftMessage(signed, value, justification, cert, List.of()));
  }

  private void sendRoundChange() {
    final SignedPayload signed =
        sign(
            Payload.roundChange(
                id,
                round,
                config.self(),
                preparedRound,
                preparedValue == null ? null : preparedValue.digest()));
    broadcast(new QbftMessage(signed, preparedValue, List.of(), preparedCert, List.of()));
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(final QbftMessage m, final boolean own) {
    if (!own && !admissible(m)) {
      return;
    }
    if (decision != null) {
      if (!own && m.type() == MessageType.ROUND_CHANGE) {
        answerDecided(m.sender(), m.round());
      }
      return;
    }
    switch (m.type()) {
      case PROPOSAL -> onProposal(m);
      case PREPARE -> onPrepare(m);
      case COMMIT -> onCommit(m);
      case ROUND_CHANGE -> onRoundChange(m);
      case DECIDED -> onDecided(m);
    }
  }

  private boolean admissible(final QbftMessage m) {
    final Payload p = m.payload();
    if (!p.instance().equals(id)) {
      reject(m, Reason.WRONG_INSTANCE, "instance is " + id);
    } else if (!config.isMember(p.sender())) {
      reject(m, Reason.NOT_MEMBER, "sender " + p.sender() + " is not a cluster member");
    } else if (p.sender() == config.self()) {
      reject(m, Reason.DUPLICATE, "own message echoed back");
    } else if (p.round() > config.maxRound()) {
      reject(m, Reason.ROUND_TOO_HIGH, "round above " + config.maxRound());
    } else if (!certificates.verify(m.signed())) {
      reject(m, Reason.BAD_SIGNATURE, "signature does not verify");
    } else {
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- proposal

  private void onProposal(final QbftMessage m) {
    final int r = m.round();
    if (r < round) {
      reject(m, Reason.OLD_ROUND, "current round is " + round);
      return;
    }
    final QbftMessage existing = proposals.get(r);
    if (existing != null) {
      final boolean same = existing.signed().equals(m.signed());
      reject(
          m,
          same ? Reason.DUPLICATE : Reason.EQUIVOCATION,
          same ? "proposal already accepted" : "a different proposal was accepted in round " + r);
      return;
    }
    final String problem = proposalProblem(m);
    if (problem != null) {
      return;
    }
    final Value value = m.value();
    final Optional<String> refused = config.validator().refuse(id, value);
    if (refused.isPresent()) {
      reject(m, Reason.VALUE_REFUSED, refused.get());
      return;
    }
    proposals.put(r, m);
    learnValue(value);
    final long end = config.timerPolicy().roundEndOnceProposed(startMillis, r);
    if (r > round || end != config.timerPolicy().roundEnd(startMillis, r)) {
      round = r;
      extendedRound = end != config.timerPolicy().roundEnd(startMillis, r) ? r : 0;
      out.timer(new TimerRequest(id, r, end));
    }
    broadcast(
        QbftMessage.bare(
            sign(Payload.of(MessageType.PREPARE, id, r, config.self(), value.digest()))));
    checkPrepareQuorum(r);
    checkExtensionStillUseful(r);
  }

  /** Rejects and returns a reason if the proposal is not well formed and justified. */
  private String proposalProblem(final QbftMessage m) {
    final int r = m.round();
    String problem = null;
    Reason reason = Reason.MALFORMED;
    if (m.sender() != leader(r)) {
      problem = "sender is not the leader " + leader(r) + " of round " + r;
      reason = Reason.NOT_LEADER;
    } else if (m.value() == null) {
      problem = "proposal carries no value";
    } else if (!m.value().digest().equals(m.payload().digest())) {
      problem = "value does not hash to the proposal digest";
    } else if (!m.commits().isEmpty()) {
      problem = "proposal carries commits";
    } else if (r == 1) {
      if (!m.roundChanges().isEmpty() || !m.prepares().isEmpty()) {
        problem = "round-1 proposal carries a justification";
        reason = Reason.INVALID_JUSTIFICATION;
      }
    } else {
      problem = certificates.proposalJustificationProblem(m);
      reason = Reason.INVALID_JUSTIFICATION;
    }
    if (problem != null) {
      reject(m, reason, problem);
    }
    return problem;
  }

  // ---------------------------------------------------------------- prepare / commit

  private boolean hasExtras(final QbftMessage m) {
    return m.value() != null
        || !m.roundChanges().isEmpty()
        || !m.prepares().isEmpty()
        || !m.commits().isEmpty();
  }

  private void onPrepare(final QbftMessage m) {
    if (hasExtras(m)) {
      reject(m, Reason.MALFORMED, "prepare carries a value or justification");
    } else if (m.round() < round) {
      reject(m, Reason.OLD_ROUND, "current round is " + round);
    } else if (store(prepares, m)) {
      checkPrepareQuorum(m.round());
      checkExtensionStillUseful(m.round());
    }
  }

  /**
   * Gives up a round's extension (back to its anchored end) once the accepted value can no longer
   * gather a quorum of prepares in it: more operators prepared another value than the cluster can
   * spare. Honest operators prepare only the leader's proposal, so this is the mark of an
   * equivocating leader, whose round would otherwise be waited out twice as long.
   */
  private void checkExtensionStillUseful(final int r) {
    final QbftMessage proposal = proposals.get(r);
    if (r != round || extendedRound != r || proposal == null) {
      return;
    }
    final Map<Integer, SignedPayload> byRound = prepares.getOrDefault(r, Map.of());
    final int others = byRound.size() - matching(byRound, proposal.payload().digest()).size();
    if (others > config.members().size() - quorumSize) {
      extendedRound = 0;
      out.timer(new TimerRequest(id, r, config.timerPolicy().roundEnd(startMillis, r)));
    }
  }

  private boolean store(final Map<Integer, Map<Integer, SignedPayload>> map, final QbftMessage m) {
    final Map<Integer, SignedPayload> byRound =
        map.computeIfAbsent(m.round(), k -> new TreeMap<>());
    final SignedPayload existing = byRound.get(m.sender());
    if (existing != null) {
      final boolean same = existing.equals(m.signed());
      reject(
          m,
          same ? Reason.DUPLICATE : Reason.EQUIVOCATION,
          same ? "already received" : "sender already sent a different " + m.type());
      return false;
    }
    byRound.put(m.sender(), m.signed());
    return true;
  }

  private void checkPrepareQuorum(final int r) {
    final QbftMessage proposal = proposals.get(r);
    if (r != round || proposal == null || committedRounds.contains(r)) {
      return;
    }
    final Digest digest = proposal.payload().digest();
    final List<SignedPayload> matching = matching(prepares.get(r), digest);
    if (matching.size() < quorumSize) {
      return;
    }
    preparedRound = r;
    preparedValue = proposal.value();
    preparedCert = List.copyOf(matching.subList(0, quorumSize));
    committedRounds.add(r);
    broadcast(QbftMessage.bare(sign(Payload.of(MessageType.COMMIT, id, r, config.self(), digest))));
  }

  private static List<SignedPayload> matching(
      final Map<Integer, SignedPayload> byRound, final Digest digest) {
    final List<SignedPayload> result = new ArrayList<>();
    if (byRound != null) {
      for (SignedPayload s : byRound.values()) {
        if (digest.equals(s.payload().digest())) {
          result.add(s);
        }
      }
    }
    return result;
  }

  private void onCommit(final QbftMessage m) {
    if (hasExtras(m)) {
      reject(m, Reason.MALFORMED, "commit carries a value or justification");
    } else if (store(commits, m)) {
      checkCommitQuorum(m.round(), m.payload().digest());
    }
  }

  private void checkCommitQuorum(final int r, final Digest digest) {
    final Value value = knownValues.get(digest);
    if (value == null || decision != null) {
      return;
    }
    final List<SignedPayload> matching = matching(commits.get(r), digest);
    if (matching.size() >= quorumSize) {
      decide(value, r, matching.subList(0, quorumSize));
    }
  }

  private void learnValue(final Value value) {
    if (knownValues.putIfAbsent(value.digest(), value) == null) {
      for (Integer r : commits.keySet()) {
        checkCommitQuorum(r, value.digest());
      }
    }
  }

  private void decide(final Value value, final int r, final List<SignedPayload> proof) {
    decision = new Decision(id, value, r, proof);
    decidedProof =
        new QbftMessage(
            sign(Payload.of(MessageType.DECIDED, id, r, config.self(), value.digest())),
            value,
            List.of(),
            List.of(),
            decision.commits());
    out.decide(decision);
    ownQueue.clear();
  }

  // ---------------------------------------------------------------- round change

  private void onRoundChange(final QbftMessage m) {
    final Payload p = m.payload();
    if (m.round() < round) {
      reject(m, Reason.OLD_ROUND, "current round is " + round);
      return;
    }
    if (!m.roundChanges().isEmpty() || !m.commits().isEmpty()) {
      reject(m, Reason.MALFORMED, "round change carries round changes or commits");
      return;
    }
    if (p.isPrepared()) {
      if (m.value() == null || !m.value().digest().equals(p.digest())) {
        reject(m, Reason.INVALID_JUSTIFICATION, "prepared value missing or not matching digest");
        return;
      }
      final String problem =
          certificates.problem(m.prepares(), MessageType.PREPARE, p.preparedRound(), p.digest());
      if (problem != null) {
        reject(m, Reason.INVALID_JUSTIFICATION, problem);
        return;
      }
    } else if (m.value() != null || !m.prepares().isEmpty()) {
      reject(m, Reason.MALFORMED, "unprepared round change carries a value or prepares");
      return;
    }
    final Map<Integer, QbftMessage> byRound =
        roundChanges.computeIfAbsent(m.round(), k -> new TreeMap<>());
    final QbftMessage existing = byRound.get(m.sender());
    if (existing != null) {
      final boolean same = existing.signed().equals(m.signed());
      reject(
          m,
          same ? Reason.DUPLICATE : Reason.EQUIVOCATION,
          same ? "already received" : "sender already sent a different round change");
      return;
    }
    byRound.put(m.sender(), m);
    highestRoundChange.merge(m.sender(), m.round(), Math::max);
    if (p.isPrepared()) {
      learnValue(m.value());
      if (decision != null) {
        return;
      }
    }
    checkRoundSkip();
    checkRoundChangeQuorum();
  }

  /** f + 1 members are in higher rounds: move to the lowest of their rounds. */
  private void checkRoundSkip() {
    int ahead = 0;
    int target = Integer.MAX_VALUE;
    for (int senderRound : highestRoundChange.values()) {
      if (senderRound > round) {
        ahead++;
        target = Math.min(target, senderRound);
      }
    }
    if (ahead < weakQuorum) {
      return;
    }
    enterRound(target);
    sendRoundChange();
  }

  /** As leader of the current round with a round-change quorum: propose. */
  private void checkRoundChangeQuorum() {
    if (decision != null
        || round == 1
        || leader(round) != config.self()
        || proposedRounds.contains(round)) {
      return;
    }
    final Map<Integer, QbftMessage> received = roundChanges.get(round);
    if (received == null || received.size() < quorumSize) {
      return;
    }
    final List<QbftMessage> chosen = new ArrayList<>(received.values());
    chosen.sort(HIGHEST_PREPARED_FIRST);
    final List<QbftMessage> justification = chosen.subList(0, quorumSize);
    final List<SignedPayload> signed = justification.stream().map(QbftMessage::signed).toList();
    final QbftMessage top = justification.get(0);
    if (top.payload().isPrepared()) {
      propose(round, top.value(), signed, top.prepares());
    } else if (input != null) {
      propose(round, input, signed, List.of());
    }
  }

  // ---------------------------------------------------------------- decided proof

  private void onDecided(final QbftMessage m) {
    final Payload p = m.payload();
    if (m.value() == null || !m.value().digest().equals(p.digest())) {
      reject(m, Reason.MALFORMED, "decided proof value missing or not matching digest");
    } else if (!m.roundChanges().isEmpty() || !m.prepares().isEmpty()) {
      reject(m, Reason.MALFORMED, "decided proof carries round changes or prepares");
    } else {
      final String problem =
          certificates.problem(m.commits(), MessageType.COMMIT, p.round(), p.digest());
      if (problem != null) {
        reject(m, Reason.INVALID_JUSTIFICATION, problem);
      } else {
        knownValues.putIfAbsent(m.value().digest(), m.value());
        decide(m.value(), p.round(), m.commits());
      }
    }
  }

  private void answerDecided(final int peer, final int peerRound) {
    final int used = answersPerPeer.getOrDefault(peer, 0);
    if (used >= config.maxDecidedAnswersPerPeer()
        || !answeredPeerRounds.add(((long) peer << 32) | peerRound)) {
      return;
    }
    answersPerPeer.put(peer, used + 1);
    out.send(Outbound.to(peer, decidedProof));
  }
}
