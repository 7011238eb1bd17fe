package io.dvc.app.testnet.chaos;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.app.testnet.NodeEvent;
import io.dvc.common.net.LoopbackPorts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The testnet's links under a {@link ChaosScenario}: one {@link LinkProxy} per ordered pair of
 * nodes (node i reaches node j only through proxy (i, j), so every connection's two ends are
 * known), the faults of every link updated at each slot start, and per-node arguments that route
 * the node through its proxies and start it with its test fault.
 */
public final class ChaosNetwork implements AutoCloseable {
  private final ChaosScenario scenario;
  private final int nodes;
  private final Map<Integer, Map<Integer, LinkProxy>> links = new TreeMap<>();
  private final List<String> injected = new ArrayList<>();
  private final LoopbackPorts ports;

  /** Healed links open again over this long, in a seeded order. */
  static final long HEAL_SPREAD_MILLIS = 1500;

  private volatile long currentSlot;

  private final java.util.concurrent.ScheduledExecutorService healer =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            final Thread t = new Thread(r, "chaos-healer");
            t.setDaemon(true);
            return t;
          });
  private final Map<Integer, BeaconFaultProxy> beaconProxies = new TreeMap<>();

  /**
   * Starts the proxies.
   *
   * @param listenPorts the real libp2p port of node 1 … n (index 0 is node 1)
   * @param ports the testnet's port allocator (a proxy never takes a node's port)
   */
  public ChaosNetwork(
      final ChaosScenario scenario, final List<Integer> listenPorts, final LoopbackPorts ports)
      throws IOException {
    this.scenario = scenario;
    this.ports = ports;
    this.nodes = listenPorts.size();
    scenario.requireNodes(nodes);
    for (int i = 1; i <= nodes; i++) {
      for (int j = 1; j <= nodes; j++) {
        if (i != j) {
          links
              .computeIfAbsent(i, k -> new TreeMap<>())
              .put(
                  j,
                  new LinkProxy(
                      i, j, listenPorts.get(j - 1), scenario.seed() * 31 + i * 7 + j, ports));
        }
      }
    }
  }

  public ChaosScenario scenario() {
    return scenario;
  }

  /** Extra {@code dvc run} arguments of a node (1-based): its proxies, its test fault. */
  public List<String> nodeArguments(final int node) {
    final List<String> args = new ArrayList<>();
    links
        .get(node)
        .forEach(
            (peer, proxy) -> {
              args.add("--p2p-peer-address");
              args.add(peer + "=/ip4/127.0.0.1/tcp/" + proxy.port());
            });
    final String fault = scenario.hostile().get(node);
    if (fault != null) {
      args.add("--test-fault");
      args.add(fault);
    }
    final Long offset = scenario.clockOffsets().get(node);
    if (offset != null) {
      args.add("--test-clock-offset-ms");
      args.add(Long.toString(offset));
    }
    return args;
  }

  /**
   * The beacon node URL a node is given: {@code direct}, or a fault proxy in front of it when the
   * scenario has beacon faults for the node.
   */
  public String beaconUrl(final int node, final String direct) throws IOException {
    if (scenario.beaconFaults().stream().noneMatch(b -> b.node() == node)) {
      return direct;
    }
    if (direct.contains(",")) {
      throw new IllegalArgumentException(
          "chaos scenario " + scenario.name() + ": beacon faults need one beacon node per node");
    }
    BeaconFaultProxy proxy = beaconProxies.get(node);
    if (proxy == null) {
      proxy = new BeaconFaultProxy(node, java.net.URI.create(direct), ports);
      beaconProxies.put(node, proxy);
    }
    return proxy.url();
  }

  /** The scenario's kills and restarts, for the testnet's event loop. */
  public List<NodeEvent> kills() {
    return scenario.kills();
  }

  public List<NodeEvent> restarts() {
    return scenario.restarts();
  }

  /** Sets every link's faults for this slot; reports each change (one line per change). */
  public void onSlot(final long slot, final Consumer<String> event) {
    currentSlot = slot;
    for (final Map<Integer, LinkProxy> row : links.values()) {
      for (final LinkProxy link : row.values()) {
        final LinkFaults next = faultsAt(link.from(), link.to(), slot);
        if (!next.equals(link.faults())) {
          if (link.faults().cut() && !next.cut()) {
            healLater(link, next, slot);
          } else {
            link.setFaults(next);
          }
        }
      }
    }
    beaconProxies.forEach(
        (node, proxy) -> {
          final BeaconFault next = beaconFaultAt(node, slot);
          if (!next.equals(proxy.fault())) {
            proxy.setFault(next);
            note(
                event,
                next.kind() == BeaconFault.Kind.NONE
                    ? "slot " + slot + ": node " + node + " beacon node healthy again"
                    : "slot "
                        + slot
                        + ": node "
                        + node
                        + " beacon node "
                        + next.kind().label()
                        + (next.kind() == BeaconFault.Kind.SLOW
                            ? " (" + next.delayMillis() + " ms)"
                            : ""));
          }
        });
    for (final ChaosScenario.Lossy l : scenario.lossy()) {
      if (l.fromSlot() == slot) {
        note(
            event,
            String.format(
                "slot %d: node %d lossy (drop %.0f %%, jitter 0-%d ms%s) on all its links",
                slot,
                l.node(),
                l.drop() * 100,
                l.jitterMillis(),
                l.bytesPerSecond() > 0
                    ? ", at most " + l.bytesPerSecond() * 8 / 1000 + " kbit/s each way"
                    : ""));
      }
      if (l.toSlot() == slot) {
        note(event, "slot " + slot + ": node " + l.node() + " links clean again");
      }
    }
    for (final ChaosScenario.Partition p : scenario.partitions()) {
      if (p.fromSlot() == slot) {
        note(
            event,
            "slot "
                + slot
                + ": "
                + (p.oneWay()
                    ? "one-way partition: " + p.groups().get(0) + " to " + p.groups().get(1)
                    : "partition " + p.groups()));
      }
      if (p.toSlot() == slot) {
        note(
            event,
            "slot "
                + slot
                + ": partition "
                + p.groups()
                + (p.oneWay()
                    ? " healed"
                    : " healed (links reopen in a shuffled order over "
                        + HEAL_SPREAD_MILLIS
                        + " ms)"));
      }
    }
  }

  private void note(final Consumer<String> event, final String line) {
    injected.add(line);
    event.accept(line);
  }

  /**
   * A healed link lets connections through again after a seeded delay of up to {@link
   * #HEAL_SPREAD_MILLIS}, so that after a partition the links come back, and the nodes reconnect,
   * in a shuffled order rather than all at once.
   */
  private void healLater(final LinkProxy link, final LinkFaults next, final long slot) {
    healer.schedule(
        () -> {
          // not if the link has been cut again since
          if (faultsAt(link.from(), link.to(), currentSlot).equals(next)) {
            link.setFaults(next);
          }
        },
        healDelayMillis(link.from(), link.to(), slot),
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The seeded delay before link (from, to) reopens at a heal in {@code slot}. */
  long healDelayMillis(final int from, final int to, final long slot) {
    return new java.util.SplittableRandom(
            scenario.seed() * 1_000_003L + slot * 8191L + from * 31L + to)
        .nextLong(HEAL_SPREAD_MILLIS + 1);
  }

  /** The faults link (from, to) applies now. */
  LinkFaults linkFaults(final int from, final int to) {
    return links.get(from).get(to).faults();
  }

  BeaconFault beaconFaultAt(final int node, final long slot) {
    return scenario.beaconFaults().stream()
        .filter(b -> b.node() == node && b.activeAt(slot))
        .map(ChaosScenario.BeaconNodeFault::fault)
        .findFirst()
        .orElse(BeaconFault.NONE);
  }

  LinkFaults faultsAt(final int from, final int to, final long slot) {
    LinkFaults faults = LinkFaults.NONE;
    for (final ChaosScenario.Lossy l : scenario.lossy()) {
      if ((l.node() == from || l.node() == to) && slot >= l.fromSlot() && slot < l.toSlot()) {
        faults =
            faults.and(
                new LinkFaults(
                    l.drop(), l.jitterMillis(), false, l.bytesPerSecond(), false, false));
      }
    }
    for (final ChaosScenario.Partition p : scenario.partitions()) {
      if (!p.activeAt(slot)) {
        continue;
      }
      if (p.oneWay()) {
        // link (from, to) is dialed by from: its dialer's bytes go from -> to
        faults = faults.and(new LinkFaults(0, 0, false, 0, p.holds(from, to), p.holds(to, from)));
      } else if (p.cuts(from, to)) {
        faults = faults.and(new LinkFaults(0, 0, true));
      }
    }
    return faults;
  }

  /**
   * What was injected: fault changes and per-link counters, stalls (chunks held at least 1 s) by
   * slot and offset from the chain's genesis (epoch ms) at the slot length (ms).
   */
  public ObjectNode toJson(final long genesisMillis, final long slotMillis) {
    final ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("scenario", scenario.name());
    root.put("seed", scenario.seed());
    root.put(
        "drop_model",
        "TCP proxy per ordered link: a dropped chunk is delivered after a "
            + LinkProxy.RTO_MILLIS
            + " ms retransmission timeout (doubling), in order; no bytes are discarded");
    final var faults = root.putArray("faults_injected");
    scenario
        .clockOffsets()
        .forEach(
            (node, offset) ->
                faults.add("node " + node + " clock " + (offset >= 0 ? "+" : "") + offset + " ms"));
    injected.forEach(faults::add);
    final var perLink = root.putArray("links");
    long lost = 0;
    long chunks = 0;
    long refused = 0;
    long cut = 0;
    for (final Map<Integer, LinkProxy> row : links.values()) {
      for (final LinkProxy link : row.values()) {
        final ObjectNode l = perLink.addObject();
        l.put("link", link.from() + "->" + link.to());
        l.put("connections", link.connections.get());
        l.put("refused_while_cut", link.refused.get());
        l.put("closed_by_cut", link.cutConnections.get());
        l.put("chunks", link.chunks.get());
        l.put("bytes", link.bytes.get());
        l.put("lost_chunks", link.lostChunks.get());
        l.put("held_chunks", link.heldChunks.get());
        l.put("retransmissions", link.retransmissions.get());
        l.put("added_delay_ms", link.addedDelayMillis.get());
        l.put("stalls_over_1s", link.stalls.get());
        l.put("longest_stall_ms", link.longestStallMillis.get());
        final var stallList = l.putArray("stalls");
        for (final long[] stall : link.stallTimes) {
          stallList.add(stallLine(stall[0], stall[1], genesisMillis, slotMillis));
        }
        lost += link.lostChunks.get();
        chunks += link.chunks.get();
        refused += link.refused.get();
        cut += link.cutConnections.get();
      }
    }
    root.put("chunks", chunks);
    root.put("lost_chunks", lost);
    root.put("connections_refused_while_cut", refused);
    root.put("connections_closed_by_cut", cut);
    final var beacons = root.putArray("beacon_proxies");
    beaconProxies.forEach(
        (node, proxy) -> {
          final ObjectNode b = beacons.addObject();
          b.put("node", node);
          b.put("requests", proxy.requests.get());
          b.put("delayed", proxy.delayed.get());
          b.put("refused_503", proxy.refused.get());
          b.put("rewritten", proxy.rewritten.get());
          b.put("withheld_event_bytes", proxy.withheldEventBytes.get());
        });
    return root;
  }

  @Override
  public void close() {
    links.values().forEach(row -> row.values().forEach(LinkProxy::close));
    beaconProxies.values().forEach(BeaconFaultProxy::close);
    healer.shutdownNow();
  }

  /**
   * "slot S +O ms: H ms" for a stall that began at {@code atMillis} and held {@code heldMillis}.
   */
  static String stallLine(
      final long atMillis, final long heldMillis, final long genesisMillis, final long slotMillis) {
    final long since = atMillis - genesisMillis;
    final long slot = Math.floorDiv(since, slotMillis);
    return "slot " + slot + " +" + Math.floorMod(since, slotMillis) + " ms: " + heldMillis + " ms";
  }
}
