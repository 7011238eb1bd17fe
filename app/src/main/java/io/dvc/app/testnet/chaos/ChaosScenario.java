package io.dvc.app.testnet.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.app.testnet.NodeEvent;
import io.dvc.common.text.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A seeded fault scenario for {@code dvc testnet --chaos}: lossy links of a node, partitions of the
 * operators into groups, SIGKILLs and restarts, and nodes started with a test fault, each from a
 * slot (inclusive) to a slot (exclusive; absent = to the end), and what must hold at the end.
 *
 * <pre>
 * { "name": "...", "seed": 18, "min_success_rate": 0.99, "recovery_slots": 2,
 *   "faults": [
 *     { "type": "lossy", "node": 4, "drop": 0.3, "jitter_ms": 200, "from_slot": 0 },
 *     { "type": "lossy", "node": 2, "bandwidth_kbps": 800, "from_slot": 4 },
 *     { "type": "partition", "groups": [[1, 2], [3, 4]], "from_slot": 8, "to_slot": 16 },
 *     { "type": "partition", "groups": [[1], [2, 3, 4]], "one_way": true, "from_slot": 20 },
 *     { "type": "kill", "node": 3, "slot": 10 }, { "type": "restart", "node": 3, "slot": 12 },
 *     { "type": "hostile", "node": 1, "fault": "equivocating-leader" },
 *     { "type": "clock", "node": 2, "offset_ms": 1500 },
 *     { "type": "beacon", "node": 3, "fault": "slow", "delay_ms": 2000, "from_slot": 4 } ] }
 * </pre>
 *
 * @param minSuccessRate the share of duties (attestations and proposals) outside the partitions and
 *     their recovery slots that must be included
 * @param recoverySlots slots after a partition heals whose duties do not count toward the rate
 */
public record ChaosScenario(
    String name,
    long seed,
    double minSuccessRate,
    int recoverySlots,
    List<Lossy> lossy,
    List<Partition> partitions,
    List<NodeEvent> kills,
    List<NodeEvent> restarts,
    Map<Integer, String> hostile,
    Map<Integer, Long> clockOffsets,
    List<BeaconNodeFault> beaconFaults) {

  /** A clock offset larger than a minute is not a drifting clock but a different chain time. */
  static final long MAX_CLOCK_OFFSET_MILLIS = 60_000;

  /** Built-in scenarios, by name (resources next to this class). */
  public static final Set<String> BUILT_IN =
      Set.of(
          "lossy-node-and-restart",
          "partition-2-2",
          "equivocating-leader",
          "wrong-partials",
          "flood",
          "one-way-slow-and-skewed",
          "faulty-beacon-nodes");

  /**
   * Every link of {@code node} drops (see {@link LinkProxy}), delays and is capped to {@code
   * bytesPerSecond} (0: no cap) from a slot on.
   */
  public record Lossy(
      int node, double drop, long jitterMillis, long bytesPerSecond, long fromSlot, long toSlot) {}

  /**
   * Links between different groups are cut from a slot on; {@code toSlot} heals it. A one-way
   * partition (two groups) cuts nothing: what the first group sends to the second is held until the
   * heal, what the second sends to the first still arrives.
   */
  public record Partition(List<List<Integer>> groups, long fromSlot, long toSlot, boolean oneWay) {

    /** A full partition. */
    public Partition(final List<List<Integer>> groups, final long fromSlot, final long toSlot) {
      this(groups, fromSlot, toSlot, false);
    }

    /** The group (index) of a node, or -1 when it is in none (then it reaches everyone). */
    int groupOf(final int node) {
      for (int g = 0; g < groups.size(); g++) {
        if (groups.get(g).contains(node)) {
          return g;
        }
      }
      return -1;
    }

    boolean cuts(final int a, final int b) {
      final int ga = groupOf(a);
      final int gb = groupOf(b);
      return ga >= 0 && gb >= 0 && ga != gb;
    }

    /** Whether what {@code sender} sends to {@code receiver} is held (one-way partitions). */
    boolean holds(final int sender, final int receiver) {
      return oneWay && groupOf(sender) == 0 && groupOf(receiver) == 1;
    }

    boolean activeAt(final long slot) {
      return slot >= fromSlot && slot < toSlot;
    }

    /** The largest group (nodes outside every group count as reachable by every group). */
    int largestSide(final int nodes) {
      int outside = nodes - groups.stream().mapToInt(List::size).sum();
      return groups.stream().mapToInt(List::size).max().orElse(0) + outside;
    }
  }

  public ChaosScenario {
    lossy = List.copyOf(lossy);
    partitions = List.copyOf(partitions);
    kills = List.copyOf(kills);
    restarts = List.copyOf(restarts);
    hostile = Map.copyOf(hostile);
    clockOffsets = Map.copyOf(clockOffsets);
    beaconFaults = List.copyOf(beaconFaults);
  }

  /** The beacon node of {@code node} misbehaves from a slot on (through a proxy). */
  public record BeaconNodeFault(int node, BeaconFault fault, long fromSlot, long toSlot) {
    boolean activeAt(final long slot) {
      return slot >= fromSlot && slot < toSlot;
    }
  }

  /** Without clock offsets. */
  public ChaosScenario(
      final String name,
      final long seed,
      final double minSuccessRate,
      final int recoverySlots,
      final List<Lossy> lossy,
      final List<Partition> partitions,
      final List<NodeEvent> kills,
      final List<NodeEvent> restarts,
      final Map<Integer, String> hostile) {
    this(
        name,
        seed,
        minSuccessRate,
        recoverySlots,
        lossy,
        partitions,
        kills,
        restarts,
        hostile,
        Map.of(),
        List.of());
  }

  /** A built-in scenario by name, or a scenario file. */
  public static ChaosScenario load(final String nameOrFile) throws IOException {
    if (BUILT_IN.contains(nameOrFile)) {
      try (InputStream in = ChaosScenario.class.getResourceAsStream(nameOrFile + ".json")) {
        if (in == null) {
          throw new IOException("built-in chaos scenario " + nameOrFile + " is missing");
        }
        return parse(nameOrFile, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    final Path file = Path.of(nameOrFile);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--chaos: "
              + SafeText.escape(nameOrFile)
              + " is neither a built-in scenario ("
              + String.join(", ", new java.util.TreeSet<>(BUILT_IN))
              + ") nor a file");
    }
    return parse(file.toString(), Files.readString(file));
  }

  /** Parses scenario JSON; IllegalArgumentException naming the source, field and reason. */
  public static ChaosScenario parse(final String source, final String json) {
    final JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (final JsonProcessingException e) {
      throw new IllegalArgumentException(
          source + ": not JSON: " + SafeText.escape(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": $: expected an object");
    }
    final List<Lossy> lossy = new ArrayList<>();
    final List<Partition> partitions = new ArrayList<>();
    final List<NodeEvent> kills = new ArrayList<>();
    final List<NodeEvent> restarts = new ArrayList<>();
    final Map<Integer, String> hostile = new TreeMap<>();
    final Map<Integer, Long> clockOffsets = new TreeMap<>();
    final List<BeaconNodeFault> beaconFaults = new ArrayList<>();
    final JsonNode faults = root.path("faults");
    if (!faults.isArray()) {
      throw new IllegalArgumentException(source + ": $.faults: expected an array");
    }
    for (int i = 0; i < faults.size(); i++) {
      final JsonNode f = faults.get(i);
      final String at = source + ": $.faults[" + i + "]";
      final String type = f.path("type").asText("");
      switch (type) {
        case "lossy" -> {
          final double drop = f.path("drop").asDouble(0);
          if (drop < 0 || drop > 0.9) {
            throw new IllegalArgumentException(at + ".drop: must be in [0, 0.9]");
          }
          lossy.add(
              new Lossy(
                  node(f, at),
                  drop,
                  nonNegative(f, "jitter_ms", at),
                  nonNegative(f, "bandwidth_kbps", at) * 1000 / 8,
                  nonNegative(f, "from_slot", at),
                  f.has("to_slot") ? nonNegative(f, "to_slot", at) : Long.MAX_VALUE));
        }
        case "partition" -> {
          final List<List<Integer>> groups = new ArrayList<>();
          final Iterator<JsonNode> it = f.path("groups").elements();
          while (it.hasNext()) {
            final List<Integer> group = new ArrayList<>();
            it.next().forEach(n -> group.add(n.asInt()));
            groups.add(List.copyOf(group));
          }
          if (groups.size() < 2) {
            throw new IllegalArgumentException(at + ".groups: needs at least two groups");
          }
          final long from = nonNegative(f, "from_slot", at);
          final long to = f.has("to_slot") ? nonNegative(f, "to_slot", at) : Long.MAX_VALUE;
          if (to <= from) {
            throw new IllegalArgumentException(at + ".to_slot: must be after from_slot");
          }
          final JsonNode oneWay = f.path("one_way");
          if (!oneWay.isMissingNode() && !oneWay.isBoolean()) {
            throw new IllegalArgumentException(at + ".one_way: expected true or false");
          }
          if (oneWay.asBoolean(false) && groups.size() != 2) {
            throw new IllegalArgumentException(
                at + ".groups: a one-way partition has two groups (from the first to the second)");
          }
          partitions.add(new Partition(groups, from, to, oneWay.asBoolean(false)));
        }
        case "kill" -> kills.add(new NodeEvent(node(f, at), nonNegative(f, "slot", at)));
        case "restart" -> restarts.add(new NodeEvent(node(f, at), nonNegative(f, "slot", at)));
        case "hostile" -> hostile.put(node(f, at), f.path("fault").asText(""));
        case "clock" -> {
          final JsonNode offset = f.path("offset_ms");
          if (!offset.canConvertToLong() || Math.abs(offset.asLong()) > MAX_CLOCK_OFFSET_MILLIS) {
            throw new IllegalArgumentException(
                at + ".offset_ms: expected milliseconds within ±" + MAX_CLOCK_OFFSET_MILLIS);
          }
          clockOffsets.put(node(f, at), offset.asLong());
        }
        case "beacon" -> {
          final BeaconFault.Kind kind;
          try {
            kind = BeaconFault.Kind.parse(f.path("fault").asText(""));
          } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ".fault: " + SafeText.escape(e.getMessage()));
          }
          final long delay = nonNegative(f, "delay_ms", at);
          if (kind == BeaconFault.Kind.SLOW && (delay == 0 || delay > MAX_CLOCK_OFFSET_MILLIS)) {
            throw new IllegalArgumentException(
                at + ".delay_ms: a slow beacon node needs 1 to " + MAX_CLOCK_OFFSET_MILLIS + " ms");
          }
          final long from = nonNegative(f, "from_slot", at);
          final long to = f.has("to_slot") ? nonNegative(f, "to_slot", at) : Long.MAX_VALUE;
          if (to <= from) {
            throw new IllegalArgumentException(at + ".to_slot: must be after from_slot");
          }
          beaconFaults.add(
              new BeaconNodeFault(node(f, at), new BeaconFault(kind, delay), from, to));
        }
        default ->
            throw new IllegalArgumentException(
                at
                    + ".type: '"
                    + SafeText.escape(type)
                    + "' is not lossy, partition, kill, restart, hostile, clock or beacon");
      }
    }
    final double rate = root.path("min_success_rate").asDouble(0.99);
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException(source + ": $.min_success_rate: must be in [0, 1]");
    }
    return new ChaosScenario(
        root.path("name").asText(source),
        root.path("seed").asLong(1),
        rate,
        root.path("recovery_slots").asInt(2),
        lossy,
        partitions,
        kills,
        restarts,
        hostile,
        clockOffsets,
        beaconFaults);
  }

  /** Checks node numbers against the cluster size; IllegalArgumentException naming the node. */
  public void requireNodes(final int nodes) {
    final List<Integer> used = new ArrayList<>();
    lossy.forEach(l -> used.add(l.node()));
    partitions.forEach(p -> p.groups().forEach(used::addAll));
    kills.forEach(k -> used.add(k.node()));
    restarts.forEach(r -> used.add(r.node()));
    used.addAll(hostile.keySet());
    used.addAll(clockOffsets.keySet());
    beaconFaults.forEach(b -> used.add(b.node()));
    for (final int node : used) {
      if (node < 1 || node > nodes) {
        throw new IllegalArgumentException(
            "chaos scenario " + name + ": node " + node + " does not exist (1.." + nodes + ")");
      }
    }
  }

  private static int node(final JsonNode f, final String at) {
    if (!f.path("node").canConvertToInt() || f.path("node").asInt() < 1) {
      throw new IllegalArgumentException(at + ".node: expected a node number from 1");
    }
    return f.path("node").asInt();
  }

  private static long nonNegative(final JsonNode f, final String field, final String at) {
    final JsonNode v = f.path(field);
    if (v.isMissingNode()) {
      return 0;
    }
    if (!v.canConvertToLong() || v.asLong() < 0) {
      throw new IllegalArgumentException(at + "." + field + ": expected a number >= 0");
    }
    return v.asLong();
  }
}
