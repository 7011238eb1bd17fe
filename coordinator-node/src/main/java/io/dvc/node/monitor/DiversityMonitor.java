package io.dvc.node.monitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.NodeResult;
import io.dvc.node.beacon.api.GetNodeVersion;
import io.dvc.node.cluster.Operator;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.p2p.crypto.NodeKey;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The client-diversity view: once per epoch the node asks each of its beacon nodes for {@code
 * /eth/v1/node/version}, adds its execution client (from its configuration) and its DVC version and
 * clock, signs that with its operator identity key and sends it to every peer over {@value
 * #PROTOCOL}; peers' messages are accepted only when well formed and signed by the sending
 * operator. The {@link ClientDiversity} analysis goes to metrics, the JSON view and — when a
 * warning appears or changes — the alert log.
 */
public final class DiversityMonitor {
  public static final String PROTOCOL = "/dvc/clientinfo/1.0.0";
  private static final long LOG_INTERVAL_MILLIS = 60_000;

  private final int selfIndex;
  private final NodeKey nodeKey;
  private final Map<Integer, Operator> operators;
  private final NodeEnvironment.PeerMessaging messaging;
  private final BeaconClient beacon;
  private final Optional<ClientVersion> execution;
  private final String dvcVersion;
  private final TimeProvider time;
  private final AlertLog alerts;
  private final Logger log;
  private final ClientDiversity diversity;
  private final Map<Integer, Long> clockOffsetMillis =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Integer, Long> lastBadMessageLogged = new HashMap<>();
  private final Gauge consensusClients;
  private final Gauge executionClients;
  private final Gauge supermajority;
  private final Gauge outdated;
  private final Gauge clockOffset;
  private volatile List<String> lastWarnings = List.of();

  public DiversityMonitor(
      final int selfIndex,
      final NodeKey nodeKey,
      final List<Operator> operators,
      final NodeEnvironment.PeerMessaging messaging,
      final BeaconClient beacon,
      final Optional<ClientVersion> execution,
      final String dvcVersion,
      final TimeProvider time,
      final PrometheusRegistry registry,
      final AlertLog alerts,
      final Logger log) {
    this.selfIndex = selfIndex;
    this.nodeKey = nodeKey;
    this.operators =
        operators.stream().collect(Collectors.toUnmodifiableMap(Operator::index, o -> o));
    this.messaging = messaging;
    this.beacon = beacon;
    this.execution = execution;
    this.dvcVersion = dvcVersion;
    this.time = time;
    this.alerts = alerts;
    this.log = log;
    this.diversity = new ClientDiversity(operators.size());
    consensusClients =
        Gauge.builder()
            .name("dvc_cluster_consensus_clients")
            .help("The cluster's beacon nodes by consensus client")
            .labelNames("client")
            .register(registry);
    executionClients =
        Gauge.builder()
            .name("dvc_cluster_execution_clients")
            .help("The cluster's operators by execution client (where known)")
            .labelNames("client")
            .register(registry);
    supermajority =
        Gauge.builder()
            .name("dvc_cluster_client_supermajority")
            .help("1 when one client runs behind at least 2/3 of the cluster's nodes of a layer")
            .labelNames("layer")
            .register(registry);
    outdated =
        Gauge.builder()
            .name("dvc_cluster_outdated_clients")
            .help("Operators' clients behind another operator's release of the same client")
            .register(registry);
    clockOffset =
        Gauge.builder()
            .name("dvc_peer_clock_offset_seconds")
            .help("A peer's clock minus ours when its client-info message arrived")
            .labelNames("peer")
            .register(registry);
    messaging.handle(PROTOCOL, this::onMessage);
  }

  /** Learns the own clients and shares them with the peers ({@link #evaluate} a bit later). */
  public CompletableFuture<Void> onEpoch(final long epoch) {
    return beacon
        .callEach(new GetNodeVersion(), Duration.ofSeconds(2))
        .handle(
            (results, error) -> {
              final List<ClientVersion> own = new ArrayList<>();
              if (results != null) {
                for (final NodeResult<String> result : results) {
                  result.value().map(ClientVersion::parse).ifPresent(own::add);
                }
              }
              share(
                  new ClientInfo(selfIndex, dvcVersion, time.currentTimeMillis(), own, execution));
              return null;
            });
  }

  private void share(final ClientInfo info) {
    diversity.update(info);
    final byte[] payload = ClientInfoCodec.encodePayload(info);
    final byte[] wire =
        ClientInfoCodec.encodeSigned(payload, nodeKey.sign(ClientInfoCodec.signedBytes(payload)));
    for (final Operator op : operators.values()) {
      if (op.index() != selfIndex) {
        messaging.send(op.index(), PROTOCOL, wire);
      }
    }
  }

  private void onMessage(final int from, final byte[] wire) {
    final ClientInfoCodec.Signed signed;
    try {
      signed = ClientInfoCodec.decodeSigned(wire);
    } catch (final IllegalArgumentException e) {
      rejected(from, "a malformed client-info message: " + e.getMessage());
      return;
    }
    final Operator sender = operators.get(from);
    if (sender == null
        || signed.info().operatorIndex() != from
        || !sender.publicKey().verify(signed.signedBytes(), signed.operatorSignature())) {
      rejected(from, "a client-info message with a bad operator signature");
      return;
    }
    final long offset = signed.info().unixMillis() - time.currentTimeMillis();
    clockOffsetMillis.put(from, offset);
    clockOffset.labelValues(Integer.toString(from)).set(offset / 1000.0);
    diversity.update(signed.info());
  }

  private void rejected(final int from, final String what) {
    final long now = time.currentTimeMillis();
    synchronized (lastBadMessageLogged) {
      final Long last = lastBadMessageLogged.get(from);
      if (last != null && now - last < LOG_INTERVAL_MILLIS) {
        return;
      }
      lastBadMessageLogged.put(from, now);
    }
    log.warn("operator {} sent {}", from, what);
  }

  /** Updates the metrics; alerts when the set of warnings changed. */
  public void evaluate(final long epoch) {
    final ClientDiversity.Report report = diversity.report();
    consensusClients.clear();
    report.consensus().forEach((client, count) -> consensusClients.labelValues(client).set(count));
    executionClients.clear();
    report.execution().forEach((client, count) -> executionClients.labelValues(client).set(count));
    supermajority.labelValues("consensus").set(report.consensusSupermajority().isPresent() ? 1 : 0);
    supermajority.labelValues("execution").set(report.executionSupermajority().isPresent() ? 1 : 0);
    outdated.set(report.outdated().size());
    final List<String> warnings = warnings(report);
    if (!warnings.equals(lastWarnings)) {
      lastWarnings = warnings;
      for (final String warning : warnings) {
        alerts.raise(
            Alert.cluster(
                warning.startsWith("operator") ? "outdated_client" : "client_supermajority",
                epoch,
                warning));
      }
    }
  }

  private static List<String> warnings(final ClientDiversity.Report report) {
    final List<String> warnings = new ArrayList<>();
    report
        .consensusSupermajority()
        .ifPresent(
            client -> warnings.add(supermajorityText("consensus", client, report.consensus())));
    report
        .executionSupermajority()
        .ifPresent(
            client -> warnings.add(supermajorityText("execution", client, report.execution())));
    warnings.addAll(report.outdated());
    return List.copyOf(warnings);
  }

  private static String supermajorityText(
      final String layer, final String client, final Map<String, Integer> mix) {
    final int total = mix.values().stream().mapToInt(Integer::intValue).sum();
    return "one "
        + layer
        + " client runs behind at least 2/3 of the cluster's nodes: "
        + client
        + " on "
        + mix.get(client)
        + " of "
        + total
        + " (a bug in it could make the cluster attest to a wrong chain); mix "
        + mix;
  }

  /** The {@code clients} section of the JSON view. */
  public ObjectNode toJson() {
    final ClientDiversity.Report report = diversity.report();
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("operators_reporting", report.reporting());
    final ObjectNode consensusMix = node.putObject("consensus_mix");
    report.consensus().forEach(consensusMix::put);
    final ObjectNode executionMix = node.putObject("execution_mix");
    report.execution().forEach(executionMix::put);
    report.consensusSupermajority().ifPresent(c -> node.put("consensus_supermajority", c));
    report.executionSupermajority().ifPresent(c -> node.put("execution_supermajority", c));
    final var outdatedNode = node.putArray("outdated");
    report.outdated().forEach(outdatedNode::add);
    final var ops = node.putArray("operators");
    for (final ClientInfo info : diversity.latest().values()) {
      final ObjectNode op = ops.addObject();
      op.put("operator", info.operatorIndex());
      op.put("dvc_version", info.dvcVersion());
      final var beacons = op.putArray("beacon_nodes");
      info.beaconNodes().forEach(c -> beacons.add(c.toString()));
      info.execution().ifPresent(c -> op.put("execution", c.toString()));
      final Long offset = clockOffsetMillis.get(info.operatorIndex());
      if (offset != null) {
        op.put("clock_offset_ms", offset);
      }
    }
    return node;
  }

  /** The analysis (tests, status). */
  public ClientDiversity.Report report() {
    return diversity.report();
  }
}
