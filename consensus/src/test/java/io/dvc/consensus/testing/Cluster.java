package io.dvc.consensus.testing;

import io.dvc.consensus.Digest;
import io.dvc.consensus.InstanceId;
import io.dvc.consensus.LeaderElection;
import io.dvc.consensus.RoundTimerPolicy;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.ValueValidator;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import io.dvc.consensus.qbft.Decision;
import io.dvc.consensus.qbft.Effects;
import io.dvc.consensus.qbft.Outbound;
import io.dvc.consensus.qbft.QbftConfig;
import io.dvc.consensus.qbft.QbftInstance;
import io.dvc.consensus.qbft.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A hand-driven cluster of {@link QbftInstance}s for scenario tests: messages wait in a pending
 * list until the test delivers or drops them. Round r is led by operator ((r - 1) mod n) + 1, and
 * rounds last {@link #T} ms from start 0.
 */
public final class Cluster {
  public static final long T = 1_000;
  public static final InstanceId ID = new InstanceId(100, 1);
  public static final ValueHasher HASHER = ValueHasher.SHA256;
  public static final LeaderElection ROUND_ROBIN =
      (instance, round, members) -> members.get((round - 1) % members.size());

  /** A message in flight. */
  public record Envelope(int from, int to, QbftMessage message) {
    public MessageType type() {
      return message.type();
    }

    public int round() {
      return message.round();
    }

    @Override
    public String toString() {
      return from + "->" + to + " " + message;
    }
  }

  private final int n;
  private final List<Integer> members = new ArrayList<>();
  private final TestKeys keys;
  private final QbftInstance[] nodes;
  private final QbftConfig[] configs;
  private final boolean[] down;
  private final List<Envelope> pending = new ArrayList<>();
  private final Map<Integer, List<Rejection>> rejections = new HashMap<>();
  private final Map<Integer, List<Outbound>> sent = new HashMap<>();
  private final Decision[] decisions;

  public Cluster(final int n) {
    this(n, ValueValidator.ACCEPT_ALL, 16);
  }

  public Cluster(final int n, final ValueValidator validator, final int maxAnswers) {
    this(n, validator, maxAnswers, RoundTimerPolicy.fixed(T));
  }

  /** A cluster whose rounds end as {@code timers} says. */
  public Cluster(final int n, final RoundTimerPolicy timers) {
    this(n, ValueValidator.ACCEPT_ALL, 16, timers);
  }

  private Cluster(
      final int n,
      final ValueValidator validator,
      final int maxAnswers,
      final RoundTimerPolicy timers) {
    this.n = n;
    this.keys = TestKeys.fake(n + 2, 42);
    this.nodes = new QbftInstance[n + 1];
    this.configs = new QbftConfig[n + 1];
    this.down = new boolean[n + 1];
    this.decisions = new Decision[n + 1];
    for (int i = 1; i <= n; i++) {
      members.add(i);
    }
    for (int i = 1; i <= n; i++) {
      configs[i] =
          QbftConfig.builder(members, i, keys.signer(i), keys.verifier())
              .validator(validator)
              .leaderElection(ROUND_ROBIN)
              .timerPolicy(timers)
              .maxRound(32)
              .maxDecidedAnswersPerPeer(maxAnswers)
              .build();
      nodes[i] = new QbftInstance(configs[i], ID, 0);
      rejections.put(i, new ArrayList<>());
      sent.put(i, new ArrayList<>());
    }
  }

  public static Value value(final String text) {
    return Value.of(text.getBytes(StandardCharsets.UTF_8), HASHER);
  }

  /** The value operator i starts with in {@link #startAll()}. */
  public static Value input(final int op) {
    return value("value-of-" + op);
  }

  public int n() {
    return n;
  }

  public List<Integer> members() {
    return members;
  }

  public TestKeys keys() {
    return keys;
  }

  public QbftInstance node(final int op) {
    return nodes[op];
  }

  public QbftConfig config(final int op) {
    return configs[op];
  }

  public Cluster startAll() {
    for (int i = 1; i <= n; i++) {
      if (!down[i]) {
        start(i, input(i));
      }
    }
    return this;
  }

  public Effects start(final int op, final Value value) {
    return record(op, nodes[op].start(0, value));
  }

  public Effects startAt(final int op, final long now, final Value value) {
    return record(op, nodes[op].start(now, value));
  }

  public Effects provideValue(final int op, final Value value) {
    return record(op, nodes[op].provideValue(value));
  }

  /** Fires the node's timer for its current round at that round's deadline. */
  public Effects timeout(final int op) {
    final int round = nodes[op].round();
    return record(op, nodes[op].onTimer(round, round * T));
  }

  /** The node learns that it holds no connection to its current round's leader. */
  public Effects leaderUnreachable(final int op, final long now) {
    return record(op, nodes[op].onLeaderUnreachable(now));
  }

  /** Times out every node that is up and undecided. */
  public Cluster timeoutAll() {
    for (int i = 1; i <= n; i++) {
      if (!down[i] && nodes[i].decision().isEmpty()) {
        timeout(i);
      }
    }
    return this;
  }

  /** Takes a node down: its pending messages and messages to it are dropped from now on. */
  public Cluster crash(final int op) {
    down[op] = true;
    pending.removeIf(e -> e.from() == op || e.to() == op);
    return this;
  }

  /** Brings a crashed node back with a fresh instance (state lost), started at {@code now}. */
  public Effects restart(final int op, final long now, final Value value) {
    down[op] = false;
    nodes[op] = new QbftInstance(configs[op], ID, 0);
    decisions[op] = null;
    return startAt(op, now, value);
  }

  /** Hands a message to a node as if received. */
  public Effects receive(final int op, final QbftMessage message) {
    return record(op, nodes[op].onMessage(message));
  }

  public List<Envelope> pending() {
    return List.copyOf(pending);
  }

  /** Delivers pending messages that match, repeatedly, dropping the rest; until none is left. */
  public Cluster deliverAll(final Predicate<Envelope> allow) {
    while (!pending.isEmpty()) {
      final List<Envelope> batch = new ArrayList<>(pending);
      pending.clear();
      for (Envelope e : batch) {
        if (!down[e.to()] && allow.test(e)) {
          receive(e.to(), e.message());
        }
      }
    }
    return this;
  }

  public Cluster deliverAll() {
    return deliverAll(e -> true);
  }

  /** Delivers one round of pending messages that match, keeping the others pending. */
  public Cluster deliverOnce(final Predicate<Envelope> allow) {
    final List<Envelope> batch = new ArrayList<>(pending);
    pending.clear();
    for (Envelope e : batch) {
      if (!down[e.to()] && allow.test(e)) {
        receive(e.to(), e.message());
      } else {
        pending.add(e);
      }
    }
    return this;
  }

  /** Drops pending messages that match. */
  public Cluster drop(final Predicate<Envelope> which) {
    pending.removeIf(which);
    return this;
  }

  /** Replaces pending messages by the operator's result (adversarial rewriting). */
  public Cluster rewrite(final UnaryOperator<Envelope> rewriter) {
    pending.replaceAll(rewriter);
    return this;
  }

  public Optional<Decision> decision(final int op) {
    return Optional.ofNullable(decisions[op]);
  }

  public List<Rejection> rejections(final int op) {
    return rejections.get(op);
  }

  public List<Outbound> sent(final int op) {
    return sent.get(op);
  }

  public long sentOfType(final int op, final MessageType type) {
    return sent.get(op).stream().filter(o -> o.message().type() == type).count();
  }

  // ------------------------------------------------------------- crafting messages

  public SignedPayload sign(final int signer, final Payload payload) {
    return SignedPayload.sign(payload, keys.signer(signer));
  }

  public QbftMessage prepare(final int from, final int round, final Digest digest) {
    return QbftMessage.bare(sign(from, Payload.of(MessageType.PREPARE, ID, round, from, digest)));
  }

  public QbftMessage commit(final int from, final int round, final Digest digest) {
    return QbftMessage.bare(sign(from, Payload.of(MessageType.COMMIT, ID, round, from, digest)));
  }

  public SignedPayload roundChangePayload(
      final int from, final int round, final int preparedRound, final Digest digest) {
    return sign(from, Payload.roundChange(ID, round, from, preparedRound, digest));
  }

  public QbftMessage roundChange(final int from, final int round) {
    return QbftMessage.bare(roundChangePayload(from, round, 0, null));
  }

  public QbftMessage preparedRoundChange(
      final int from,
      final int round,
      final int preparedRound,
      final Value value,
      final List<SignedPayload> cert) {
    return new QbftMessage(
        roundChangePayload(from, round, preparedRound, value.digest()),
        value,
        List.of(),
        cert,
        List.of());
  }

  public QbftMessage proposal(
      final int from,
      final int round,
      final Value value,
      final List<SignedPayload> roundChanges,
      final List<SignedPayload> prepares) {
    return new QbftMessage(
        sign(from, Payload.of(MessageType.PROPOSAL, ID, round, from, value.digest())),
        value,
        roundChanges,
        prepares,
        List.of());
  }

  /** Signed prepares from the first {@code count} operators for (round, value). */
  public List<SignedPayload> prepares(final int round, final Value value, final int... from) {
    final List<SignedPayload> list = new ArrayList<>();
    for (int op : from) {
      list.add(prepare(op, round, value.digest()).signed());
    }
    return list;
  }

  public List<SignedPayload> commits(final int round, final Value value, final int... from) {
    final List<SignedPayload> list = new ArrayList<>();
    for (int op : from) {
      list.add(commit(op, round, value.digest()).signed());
    }
    return list;
  }

  public List<SignedPayload> unpreparedRoundChanges(final int round, final int... from) {
    final List<SignedPayload> list = new ArrayList<>();
    for (int op : from) {
      list.add(roundChangePayload(op, round, 0, null));
    }
    return list;
  }

  // ------------------------------------------------------------- plumbing

  private Effects record(final int op, final Effects effects) {
    rejections.get(op).addAll(effects.rejections());
    for (Outbound o : effects.messages()) {
      sent.get(op).add(o);
      if (o.isBroadcast()) {
        for (int to = 1; to <= n; to++) {
          if (to != op && !down[to]) {
            pending.add(new Envelope(op, to, o.message()));
          }
        }
      } else if (!down[o.recipient()]) {
        pending.add(new Envelope(op, o.recipient(), o.message()));
      }
    }
    effects.decision().ifPresent(d -> decisions[op] = d);
    return effects;
  }
}
