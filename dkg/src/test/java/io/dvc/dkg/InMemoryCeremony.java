package io.dvc.dkg;

import io.dvc.common.time.FakeTimeProvider;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.Operator;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * n sessions wired through an in-memory queue (every message goes through {@link DkgCodec}), with
 * manual time: when the queue is empty and a session is unfinished, time jumps to the next
 * deadline. A tamper hook can change or drop any message; absent operators never start.
 */
final class InMemoryCeremony {
  static final Duration HELLO_TIMEOUT = Duration.ofSeconds(60);
  static final Duration PHASE_TIMEOUT = Duration.ofSeconds(20);

  /** Changes (or drops, with empty) a message from one operator to another. */
  @FunctionalInterface
  interface Tamper {
    Optional<DkgMessage> apply(int from, int to, DkgMessage message);
  }

  private record Envelope(int from, int to, byte[] bytes) {}

  final FakeTimeProvider time = new FakeTimeProvider(1_700_000_000_000L);
  final List<NodeKey> keys = new ArrayList<>();
  final List<byte[]> secrets = new ArrayList<>();
  final ClusterDefinition definition;
  final Map<Integer, DkgSession> sessions = new TreeMap<>();
  final Set<Integer> absent = new HashSet<>();
  private final Deque<Envelope> queue = new ArrayDeque<>();
  private final DkgCodec codec;
  private final SecureRandom random = new SecureRandom();
  Tamper tamper = (from, to, m) -> Optional.of(m);
  long bytesSent;
  long messagesSent;
  final Map<Integer, Long> bytesBySender = new TreeMap<>();
  final Map<Integer, Long> cpuNanos = new TreeMap<>();
  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  InMemoryCeremony(final int n, final int t, final int validators) {
    final List<Operator> operators = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      final byte[] secret = new byte[32];
      random.nextBytes(secret);
      final NodeKey key = NodeKey.fromSecretBytes(secret);
      secrets.add(secret);
      keys.add(key);
      operators.add(new Operator("op-" + i, key.peerId(), List.of()));
    }
    definition = definition(operators, t, validators);
    codec = new DkgCodec(n, t, validators);
  }

  static ClusterDefinition definition(
      final List<Operator> operators, final int t, final int validators) {
    return new ClusterDefinition(
        ClusterDefinition.VERSION,
        "dkg-test",
        Network.custom("0x10000038"),
        operators,
        t,
        validators,
        Bytes.fromHex("0x" + "ab".repeat(20)),
        WithdrawalType.ETH1_ADDRESS,
        Bytes.fromHex("0x" + "cd".repeat(20)),
        32_000_000_000L);
  }

  DkgSettings settings(final int index, final ClusterDefinition d) {
    return new DkgSettings(d, keys.get(index - 1), HELLO_TIMEOUT, PHASE_TIMEOUT);
  }

  /** Runs every present operator to its outcome (with {@code definitions} per operator if set). */
  Map<Integer, DkgOutcome> run() {
    return run(Map.of());
  }

  Map<Integer, DkgOutcome> run(final Map<Integer, ClusterDefinition> definitions) {
    final int n = definition.operatorCount();
    for (int i = 1; i <= n; i++) {
      if (absent.contains(i)) {
        continue;
      }
      final int from = i;
      sessions.put(
          i,
          new DkgSession(
              settings(i, definitions.getOrDefault(i, definition)),
              time,
              random,
              (to, m) -> enqueue(from, to, m)));
    }
    sessions.forEach((i, s) -> timed(i, s::start));
    for (int round = 0; round < 50; round++) {
      deliverAll();
      if (sessions.values().stream().allMatch(s -> s.outcome().isPresent())) {
        break;
      }
      final long next =
          sessions.values().stream().mapToLong(DkgSession::deadline).min().orElseThrow();
      time.setMillis(Math.max(time.currentTimeMillis(), next));
      sessions.forEach((i, s) -> timed(i, s::onTick));
    }
    final Map<Integer, DkgOutcome> outcomes = new TreeMap<>();
    sessions.forEach((i, s) -> outcomes.put(i, s.outcome().orElseThrow()));
    return outcomes;
  }

  private void timed(final int operator, final Runnable work) {
    final long start = CPU.getCurrentThreadCpuTime();
    work.run();
    cpuNanos.merge(operator, CPU.getCurrentThreadCpuTime() - start, Long::sum);
  }

  private void enqueue(final int from, final int to, final DkgMessage message) {
    final Optional<DkgMessage> sent = tamper.apply(from, to, message);
    if (sent.isPresent()) {
      final byte[] bytes = DkgCodec.encode(sent.get());
      bytesSent += bytes.length;
      bytesBySender.merge(from, (long) bytes.length, Long::sum);
      messagesSent++;
      queue.add(new Envelope(from, to, bytes));
    }
  }

  private void deliverAll() {
    while (!queue.isEmpty()) {
      final Envelope e = queue.poll();
      final DkgSession target = sessions.get(e.to());
      if (target != null) {
        timed(e.to(), () -> target.onMessage(e.from(), codec.decode(e.bytes())));
      }
    }
  }
}
