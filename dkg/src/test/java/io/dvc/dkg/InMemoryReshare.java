package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.threshold.SecretShare;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.p2p.crypto.NodeKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A DKG-made cluster and a resharing of it, in memory with manual time (every message encoded and
 * decoded with {@link DkgCodec}).
 */
final class InMemoryReshare {
  private InMemoryReshare() {}

  /** The old cluster: its lock, operators' identity keys (and their secrets) and shares. */
  record Old(
      ClusterLock lock,
      List<NodeKey> keys,
      List<byte[]> secrets,
      Map<Integer, List<SecretShare>> shares) {}

  static Old oldCluster(final int n, final int t, final int validators) {
    final InMemoryCeremony c = new InMemoryCeremony(n, t, validators);
    final Map<Integer, DkgOutcome> outcomes = c.run();
    final Map<Integer, List<SecretShare>> shares = new TreeMap<>();
    outcomes.forEach((i, o) -> shares.put(i, ((DkgOutcome.Completed) o).shares()));
    return new Old(((DkgOutcome.Completed) outcomes.get(1)).lock(), c.keys, c.secrets, shares);
  }

  private record Envelope(int from, int to, byte[] bytes) {}

  /** Participants are numbered as {@link ReshareSettings#participants()}; keys in that order. */
  static Map<Integer, DkgOutcome> run(
      final Old old,
      final ClusterDefinition next,
      final Set<Integer> dealers,
      final List<NodeKey> participantKeys,
      final Set<Integer> absent,
      final SecureRandom random) {
    final FakeTimeProvider time = new FakeTimeProvider(1_700_000_000_000L);
    final Deque<Envelope> queue = new ArrayDeque<>();
    final Map<Integer, ReshareSession> sessions = new TreeMap<>();
    final DkgCodec codec =
        new DkgCodec(participantKeys.size(), next.threshold(), next.numValidators());
    for (int p = 1; p <= participantKeys.size(); p++) {
      if (absent.contains(p)) {
        continue;
      }
      final NodeKey key = participantKeys.get(p - 1);
      final int oldIndex = old.lock().shareIndexOf(key.peerId()).orElse(0);
      final ReshareSettings settings =
          new ReshareSettings(
              old.lock(),
              next,
              dealers,
              key,
              dealers.contains(oldIndex)
                  ? Optional.of(old.shares().get(oldIndex))
                  : Optional.empty(),
              Duration.ofSeconds(60),
              Duration.ofSeconds(20));
      assertThat(settings.participants().get(p - 1)).isEqualTo(key.peerId());
      final int from = p;
      sessions.put(
          p,
          new ReshareSession(
              settings,
              time,
              random,
              (to, m) -> queue.add(new Envelope(from, to, DkgCodec.encode(m)))));
    }
    sessions.values().forEach(ReshareSession::start);
    for (int round = 0; round < 20; round++) {
      while (!queue.isEmpty()) {
        final Envelope e = queue.poll();
        if (sessions.containsKey(e.to())) {
          sessions.get(e.to()).onMessage(e.from(), codec.decode(e.bytes()));
        }
      }
      if (sessions.values().stream().allMatch(s -> s.outcome().isPresent())) {
        break;
      }
      time.setMillis(
          sessions.values().stream().mapToLong(ReshareSession::deadline).min().orElseThrow());
      sessions.values().forEach(ReshareSession::onTick);
    }
    final Map<Integer, DkgOutcome> out = new TreeMap<>();
    sessions.forEach((p, s) -> out.put(p, s.outcome().orElseThrow()));
    return out;
  }
}
