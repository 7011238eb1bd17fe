package io.dvc.consensus.sim;

import io.dvc.consensus.Digest;
import io.dvc.consensus.InstanceId;
import io.dvc.consensus.LeaderElection;
import io.dvc.consensus.MessageSigner;
import io.dvc.consensus.RoundTimerPolicy;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.ValueValidator;
import io.dvc.consensus.driver.DriverLimits;
import io.dvc.consensus.driver.QbftEventLoop;
import io.dvc.consensus.driver.QbftListener;
import io.dvc.consensus.driver.Transport;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import io.dvc.consensus.message.WireCodec;
import io.dvc.consensus.message.WireFormatException;
import io.dvc.consensus.message.WireLimits;
import io.dvc.consensus.qbft.Decision;
import io.dvc.consensus.qbft.QbftConfig;
import io.dvc.consensus.qbft.QbftInstance;
import io.dvc.consensus.qbft.Rejection;
import io.dvc.consensus.sim.Scenario.Byzantine;
import io.dvc.consensus.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic discrete-event simulation of one QBFT instance across n operators, each running a
 * {@link QbftEventLoop} over a seeded lossy network with a fake clock. Checks agreement, validity
 * and termination. A node knows which operators are down, as a node knows which peers it holds a
 * connection to, and leaves a round they lead at once. No threads; all randomness from the scenario
 * seed.
 */
final class Simulation {
  static final ValueHasher HASHER = ValueHasher.SHA256;

  /** Values must start with 'V' (byzantine nodes also try 'X' values, which must be refused). */
  static final ValueValidator VALIDATOR =
      (instance, value) ->
          value.length() > 0 && value.unsafeBytes()[0] == 'V'
              ? Optional.empty()
              : Optional.of("value does not start with V");

  /** Outcome of a run. */
  record Result(
      Scenario scenario,
      String violation,
      List<String> trace,
      long messages,
      long bytes,
      long endMillis,
      int decided) {
    boolean ok() {
      return violation == null;
    }
  }

  private static final int START = 0;
  private static final int VALUE = 1;
  private static final int DELIVER = 2;
  private static final int WAKEUP = 3;
  private static final int CRASH = 4;
  private static final int RESTART = 5;
  private static final int BYZ_ACT = 6;

  private record Event(
      long time,
      long seq,
      int kind,
      int node,
      int from,
      byte[] bytes,
      QbftMessage message,
      int incarnation)
      implements Comparable<Event> {
    @Override
    public int compareTo(final Event o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  private final class Node {
    final int op;
    final Byzantine byzantine;
    final Value input;
    QbftEventLoop loop;
    boolean up;
    boolean valueArrived;
    int incarnation;
    Decision decision;
    final List<byte[]> sent = new ArrayList<>();
    final List<byte[]> seen = new ArrayList<>();

    Node(final int op) {
      this.op = op;
      this.byzantine = scenario.byzantine().get(op);
      this.input = value("V:" + scenario.seed() + ":" + op);
    }
  }

  private final Scenario scenario;
  private final boolean tracing;
  private final SplittableRandom random;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final Node[] nodes;
  private final List<Integer> members = new ArrayList<>();
  private final TestKeys keys;
  private final WireCodec codec = new WireCodec(WireLimits.DEFAULT, HASHER);
  private final InstanceId id;
  private final RoundTimerPolicy timerPolicy;
  private final Set<Digest> proposable = new HashSet<>();
  private final List<String> trace = new ArrayList<>();
  private long now;
  private long seq;
  private long messages;
  private long bytes;
  private String violation;
  private Decision firstDecision;

  Simulation(final Scenario scenario, final boolean tracing) {
    this.scenario = scenario;
    this.tracing = tracing;
    this.random = new SplittableRandom(scenario.seed() * 0x9E3779B97F4A7C15L + 1);
    this.keys = TestKeys.fake(scenario.n(), scenario.seed());
    this.id = new InstanceId(scenario.height(), scenario.dutyKind());
    this.timerPolicy =
        scenario.increasingTimer()
            ? RoundTimerPolicy.increasing(scenario.roundMillis(), scenario.roundMillis() / 5)
                .doubledOnceProposed()
            : RoundTimerPolicy.fixed(scenario.roundMillis());
    this.nodes = new Node[scenario.n() + 1];
    for (int i = 1; i <= scenario.n(); i++) {
      members.add(i);
    }
    for (int i = 1; i <= scenario.n(); i++) {
      nodes[i] = new Node(i);
      proposable.add(nodes[i].input.digest());
    }
  }

  static Result run(final long seed, final boolean tracing) {
    return new Simulation(Scenario.generate(seed), tracing).run();
  }

  Result run() {
    long lastFault = 0;
    for (int i = 1; i <= scenario.n(); i++) {
      push(scenario.startAt().get(i), START, i, 0, null, 0);
      push(scenario.valueAt().get(i), VALUE, i, 0, null, 0);
      lastFault = Math.max(lastFault, scenario.valueAt().get(i));
      if (nodes[i].byzantine != null) {
        push(scenario.startAt().get(i) + 1, BYZ_ACT, i, 0, null, 0);
      }
    }
    scenario
        .crashes()
        .forEach(
            (op, c) -> {
              if (c[0] != Scenario.CRASH_ON_DECISION) {
                push(c[0], CRASH, op, 0, null, 0);
              }
              if (c[1] >= 0) {
                push(c[1], RESTART, op, 0, null, 0);
              }
            });
    for (long[] c : scenario.crashes().values()) {
      lastFault = Math.max(lastFault, Math.max(c[0], c[1]));
    }
    final long horizon = scenario.horizon();
    while (!queue.isEmpty() && violation == null) {
      final Event e = queue.poll();
      if (e.time() > horizon) {
        break;
      }
      now = e.time();
      handle(e);
      if (now >= lastFault && allRequiredDecided()) {
        break;
      }
    }
    if (violation == null && !allRequiredDecided()) {
      final StringBuilder missing = new StringBuilder();
      for (int i = 1; i <= scenario.n(); i++) {
        if (required(i) && nodes[i].decision == null) {
          final Optional<QbftInstance> inst =
              nodes[i].loop == null ? Optional.empty() : nodes[i].loop.instance(id);
          missing
              .append(i)
              .append("(round ")
              .append(inst.map(QbftInstance::round).orElse(0))
              .append(") ");
        }
      }
      violation =
          "termination: honest nodes " + missing.toString().trim() + " undecided at t=" + horizon;
    }
    int decided = 0;
    for (int i = 1; i <= scenario.n(); i++) {
      decided += nodes[i].decision != null ? 1 : 0;
    }
    return new Result(scenario, violation, trace, messages, bytes, now, decided);
  }

  private boolean required(final int op) {
    return nodes[op].byzantine == null && !scenario.crashesForever(op);
  }

  private boolean allRequiredDecided() {
    for (int i = 1; i <= scenario.n(); i++) {
      if (required(i) && (nodes[i].decision == null || !nodes[i].up)) {
        return false;
      }
    }
    return true;
  }

  private void push(
      final long time,
      final int kind,
      final int node,
      final int from,
      final byte[] data,
      final int incarnation) {
    queue.add(new Event(time, seq++, kind, node, from, data, null, incarnation));
  }

  private void log(final String line) {
    if (tracing) {
      trace.add("t=" + now + " " + line);
    }
  }

  // ---------------------------------------------------------------- events

  private void handle(final Event e) {
    final Node node = nodes[e.node()];
    switch (e.kind()) {
      case START -> boot(node);
      case VALUE -> {
        node.valueArrived = true;
        log("value arrives at " + node.op);
        if (node.up) {
          node.loop.provideValue(id, node.input);
        }
      }
      case DELIVER -> {
        if (node.up) {
          if (tracing) {
            log(
                "deliver "
                    + e.from()
                    + "->"
                    + node.op
                    + " "
                    + (e.message() != null ? e.message() : describe(e.bytes())));
          }
          if (e.message() != null) {
            if (node.byzantine != null && node.seen.size() < 64) {
              node.seen.add(codec.encode(e.message()));
            }
            node.loop.onMessage(e.from(), e.message());
          } else {
            node.loop.onWire(e.from(), e.bytes());
          }
        }
      }
      case WAKEUP -> {
        if (node.up && e.incarnation() == node.incarnation) {
          node.loop.onWakeup();
        }
      }
      case CRASH -> {
        log("crash " + node.op);
        node.up = false;
        node.loop = null;
        node.decision = null;
        node.incarnation++;
      }
      case RESTART -> {
        log("restart " + node.op);
        boot(node);
      }
      case BYZ_ACT -> {
        if (node.up) {
          byzantineAct(node);
        }
        push(
            now + random.nextLong(scenario.roundMillis() / 4, scenario.roundMillis()),
            BYZ_ACT,
            node.op,
            0,
            null,
            0);
      }
      default -> throw new IllegalStateException("event kind " + e.kind());
    }
  }

  private void boot(final Node node) {
    if (node.up || now < scenario.startAt().get(node.op)) {
      return;
    }
    final long[] crash = scenario.crashes().get(node.op);
    if (crash != null && crash[0] >= 0 && now >= crash[0] && (crash[1] < 0 || now < crash[1])) {
      return;
    }
    node.incarnation++;
    final int incarnation = node.incarnation;
    final long skew = scenario.skew().get(node.op);
    final QbftConfig config =
        QbftConfig.builder(members, node.op, keys.signer(node.op), keys.verifier())
            .validator(VALIDATOR)
            .leaderElection(LeaderElection.rotating(32))
            .timerPolicy(timerPolicy)
            .maxRound(500)
            .build();
    final Transport transport =
        (to, message, data) -> {
          if (node.up && node.incarnation == incarnation) {
            if (node.byzantine != null) {
              byzantineSend(node, to, data);
            } else {
              send(node.op, to, message, data);
            }
          }
        };
    final QbftListener listener =
        new QbftListener() {
          @Override
          public void onDecided(final Decision decision) {
            if (node.incarnation == incarnation) {
              decided(node, decision);
            }
          }

          @Override
          public void onDropped(final int from, final Rejection rejection) {
            if (tracing) {
              log("node " + node.op + " drops from " + from + ": " + rejection.detail());
            }
          }
        };
    node.up = true;
    node.loop =
        new QbftEventLoop(
            config,
            codec,
            transport,
            () -> now + skew,
            at -> push(Math.max(now, at - skew), WAKEUP, node.op, 0, null, incarnation),
            listener,
            DriverLimits.DEFAULT,
            operator -> nodes[operator].up);
    node.valueArrived |= now >= scenario.valueAt().get(node.op);
    log("start " + node.op + (node.valueArrived ? " with value" : " without value"));
    node.loop.start(id, 0, node.valueArrived ? node.input : null);
  }

  private void decided(final Node node, final Decision decision) {
    log("DECIDED node " + node.op + " round " + decision.round() + " " + decision.value());
    node.decision = decision;
    if (node.byzantine != null) {
      return;
    }
    final long[] crash = scenario.crashes().get(node.op);
    if (crash != null && crash[0] == Scenario.CRASH_ON_DECISION) {
      push(now, CRASH, node.op, 0, null, 0);
    }
    if (VALIDATOR.refuse(id, decision.value()).isPresent()) {
      violation = "validity: node " + node.op + " decided a value the validator refuses";
    } else if (!proposable.contains(decision.value().digest())) {
      violation = "validity: node " + node.op + " decided a value nobody proposed";
    } else if (firstDecision == null) {
      firstDecision = decision;
    } else if (!firstDecision.value().equals(decision.value())) {
      violation =
          "agreement: node "
              + node.op
              + " decided "
              + decision.value()
              + " but "
              + firstDecision.value()
              + " was decided before";
    }
  }

  // ---------------------------------------------------------------- network

  private void send(final int from, final int to, final byte[] data) {
    send(from, to, null, data);
  }

  /**
   * Honest messages travel as the decoded object (the wire path is exercised by every byzantine
   * message, which travels as bytes); the byte count is the encoded size either way.
   */
  private void send(final int from, final int to, final QbftMessage message, final byte[] data) {
    messages++;
    bytes += data.length;
    final List<Integer> side = scenario.partitionSide();
    if (now < scenario.partitionHeal() && side.contains(from) != side.contains(to)) {
      return;
    }
    final boolean beforeGst = now < scenario.gst();
    if (beforeGst && random.nextDouble() < scenario.dropBeforeGst()) {
      return;
    }
    if (beforeGst
        && scenario.dropCommitsBeforeGst() > 0
        && (message != null ? isCommitOrDecided(message) : isCommitOrDecided(data))
        && random.nextDouble() < scenario.dropCommitsBeforeGst()) {
      return;
    }
    final int copies = random.nextDouble() < scenario.duplicate() ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      final long delay =
          beforeGst
              ? random.nextLong(0, scenario.maxDelayBeforeGst() + 1)
              : random.nextLong(1, scenario.maxDelayAfterGst() + 1);
      queue.add(new Event(now + delay, seq++, DELIVER, to, from, data, message, 0));
    }
  }

  private static boolean isCommitOrDecided(final QbftMessage m) {
    return m.type() == MessageType.COMMIT || m.type() == MessageType.DECIDED;
  }

  /** Peeks at the type of a short canonical message without decoding it. */
  private static boolean isCommitOrDecided(final byte[] d) {
    if (d.length < 6 || d[0] != 0x0a || d[1] < 0 || d[2] != 0x0a || d[3] < 0 || d[4] != 0x08) {
      return false;
    }
    return d[5] == MessageType.COMMIT.wire() || d[5] == MessageType.DECIDED.wire();
  }

  private String describe(final byte[] data) {
    try {
      return codec.decode(data).toString();
    } catch (WireFormatException e) {
      return "<" + data.length + " undecodable bytes>";
    }
  }

  // ---------------------------------------------------------------- byzantine behaviour

  private Value value(final String text) {
    return Value.of(text.getBytes(StandardCharsets.UTF_8), HASHER);
  }

  private Value evil(final Node node, final int round) {
    final Value v = value("V-evil:" + scenario.seed() + ":" + node.op + ":" + round);
    proposable.add(v.digest());
    return v;
  }

  private void byzantineSend(final Node node, final int to, final byte[] data) {
    final Byzantine b = node.byzantine;
    if (b == Byzantine.SILENT) {
      return;
    }
    byte[] out = data;
    if (b == Byzantine.EQUIVOCATOR || b == Byzantine.CONFLICTING_VOTER || b == Byzantine.MIXED) {
      out = mutate(node, to, data, b);
    }
    if (node.sent.size() < 64) {
      node.sent.add(out);
    }
    send(node.op, to, out);
  }

  /**
   * Proposals: in round 1 a second value to half of the peers (equivocation); in later rounds a
   * value of its own to everyone, keeping the honest justification (tries to break the lock on a
   * prepared value), and votes to match. A conflicting voter votes for its own or a random digest
   * two times in three.
   */
  private byte[] mutate(final Node node, final int to, final byte[] data, final Byzantine b) {
    final QbftMessage m;
    try {
      m = codec.decode(data);
    } catch (WireFormatException e) {
      return data;
    }
    final MessageSmith smith = new MessageSmith(keys.signer(node.op), node.op);
    final Payload p = m.payload();
    final boolean splitHalf = ((to + p.round()) & 1) == 1;
    if (m.type() == MessageType.PROPOSAL
        && b != Byzantine.CONFLICTING_VOTER
        && (p.round() > 1 || splitHalf)) {
      final Value v = evil(node, p.round());
      final SignedPayload s =
          smith.sign(Payload.of(MessageType.PROPOSAL, id, p.round(), node.op, v.digest()));
      return codec.encode(new QbftMessage(s, v, m.roundChanges(), m.prepares(), List.of()));
    }
    if (m.type() == MessageType.PREPARE || m.type() == MessageType.COMMIT) {
      final Digest d;
      if (b == Byzantine.CONFLICTING_VOTER) {
        final int pick = random.nextInt(3);
        if (pick == 0) {
          return data;
        }
        d = pick == 1 ? evil(node, p.round()).digest() : randomDigest();
      } else if (p.round() > 1 || splitHalf) {
        d = evil(node, p.round()).digest();
      } else {
        return data;
      }
      return codec.encode(
          QbftMessage.bare(smith.sign(Payload.of(m.type(), id, p.round(), node.op, d))));
    }
    return data;
  }

  private Digest randomDigest() {
    final byte[] d = new byte[32];
    for (int i = 0; i < d.length; i++) {
      d[i] = (byte) random.nextInt(256);
    }
    return Digest.of(d);
  }

  private int randomPeer(final Node node) {
    int peer;
    do {
      peer = 1 + random.nextInt(scenario.n());
    } while (peer == node.op && scenario.n() > 1);
    return peer;
  }

  private void byzantineAct(final Node node) {
    final Byzantine b = node.byzantine;
    if (b == Byzantine.GARBAGE || b == Byzantine.MIXED) {
      send(node.op, randomPeer(node), garbage(node));
    }
    if ((b == Byzantine.REPLAYER || b == Byzantine.MIXED)) {
      final List<byte[]> pool = random.nextBoolean() ? node.sent : node.seen;
      if (!pool.isEmpty()) {
        send(node.op, randomPeer(node), pool.get(random.nextInt(pool.size())));
      }
    }
    if (b == Byzantine.FORGER || b == Byzantine.MIXED) {
      final byte[] forged = codec.encode(forge(node));
      for (int peer : members) {
        if (peer != node.op) {
          send(node.op, peer, forged);
        }
      }
    }
  }

  private byte[] garbage(final Node node) {
    if (!node.sent.isEmpty() && random.nextBoolean()) {
      final byte[] copy = node.sent.get(random.nextInt(node.sent.size())).clone();
      if (random.nextBoolean()) {
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
      }
      return java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
    }
    final byte[] g = new byte[1 + random.nextInt(200)];
    for (int i = 0; i < g.length; i++) {
      g[i] = (byte) random.nextInt(256);
    }
    return g;
  }

  private QbftMessage forge(final Node node) {
    final int current = node.loop.instance(id).map(QbftInstance::round).orElse(1);
    final int round = Math.max(2, current + random.nextInt(2));
    final MessageSmith smith = new MessageSmith(keys.signer(node.op), node.op);
    final int quorum = (scenario.n() + scenario.faulty() + 2) / 2;
    final Value v = random.nextInt(4) == 0 ? value("X-invalid") : evil(node, round);
    return switch (random.nextInt(7)) {
      case 0 -> smith.proposalWithForgedRoundChanges(id, round, v, members, quorum, false);
      case 1 -> smith.proposalWithForgedRoundChanges(id, round, v, members, quorum, true);
      case 2 -> smith.roundChangeWithForgedCertificate(id, round, v, members, quorum);
      case 3 -> smith.roundChangeWithShortCertificate(id, round, v);
      case 4 -> smith.decidedWithForgedCommits(id, round - 1, v, members, quorum);
      case 5 -> smith.proposalClaimingPrepared(id, round, v, members, quorum);
      default ->
          QbftMessage.bare(
              smith.sign(
                  Payload.of(
                      MessageType.PREPARE,
                      new InstanceId(id.height() + 1 + random.nextInt(3), id.dutyKind()),
                      round,
                      node.op,
                      v.digest())));
    };
  }

  /** Builds forged or invalid messages signed with one operator's key. */
  static final class MessageSmith {
    private final MessageSigner signer;
    private final int self;

    MessageSmith(final MessageSigner signer, final int self) {
      this.signer = signer;
      this.self = self;
    }

    SignedPayload sign(final Payload p) {
      return SignedPayload.sign(p, signer);
    }

    /** Round changes claiming to come from others (bad signatures) or all from self. */
    QbftMessage proposalWithForgedRoundChanges(
        final InstanceId id,
        final int round,
        final Value v,
        final List<Integer> members,
        final int quorum,
        final boolean allFromSelf) {
      final List<SignedPayload> rcs = new ArrayList<>();
      for (int i = 0; i < quorum; i++) {
        final int sender = allFromSelf ? self : members.get(i % members.size());
        rcs.add(sign(Payload.roundChange(id, round, sender, 0, null)));
      }
      return new QbftMessage(
          sign(Payload.of(MessageType.PROPOSAL, id, round, self, v.digest())),
          v,
          rcs,
          List.of(),
          List.of());
    }

    QbftMessage roundChangeWithForgedCertificate(
        final InstanceId id,
        final int round,
        final Value v,
        final List<Integer> members,
        final int quorum) {
      final List<SignedPayload> prepares = new ArrayList<>();
      for (int i = 0; i < quorum; i++) {
        prepares.add(
            sign(
                Payload.of(
                    MessageType.PREPARE,
                    id,
                    round - 1,
                    members.get(i % members.size()),
                    v.digest())));
      }
      return new QbftMessage(
          sign(Payload.roundChange(id, round, self, round - 1, v.digest())),
          v,
          List.of(),
          prepares,
          List.of());
    }

    QbftMessage roundChangeWithShortCertificate(
        final InstanceId id, final int round, final Value v) {
      final SignedPayload own =
          sign(Payload.of(MessageType.PREPARE, id, round - 1, self, v.digest()));
      return new QbftMessage(
          sign(Payload.roundChange(id, round, self, round - 1, v.digest())),
          v,
          List.of(),
          List.of(own),
          List.of());
    }

    QbftMessage decidedWithForgedCommits(
        final InstanceId id,
        final int round,
        final Value v,
        final List<Integer> members,
        final int quorum) {
      final List<SignedPayload> commits = new ArrayList<>();
      for (int i = 0; i < quorum; i++) {
        commits.add(
            sign(
                Payload.of(
                    MessageType.COMMIT, id, round, members.get(i % members.size()), v.digest())));
      }
      return new QbftMessage(
          sign(Payload.of(MessageType.DECIDED, id, round, self, v.digest())),
          v,
          List.of(),
          List.of(),
          commits);
    }

    /** A proposal whose round changes (own, repeated) claim a prepared round without prepares. */
    QbftMessage proposalClaimingPrepared(
        final InstanceId id,
        final int round,
        final Value v,
        final List<Integer> members,
        final int quorum) {
      final List<SignedPayload> rcs = new ArrayList<>();
      for (int i = 0; i < quorum; i++) {
        rcs.add(
            sign(
                Payload.roundChange(
                    id, round, members.get(i % members.size()), round - 1, v.digest())));
      }
      return new QbftMessage(
          sign(Payload.of(MessageType.PROPOSAL, id, round, self, v.digest())),
          v,
          rcs,
          List.of(),
          List.of());
    }
  }
}
