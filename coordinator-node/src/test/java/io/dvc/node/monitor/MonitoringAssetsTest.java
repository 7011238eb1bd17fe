package io.dvc.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.node.beacon.api.AttestationReward;
import io.dvc.node.beacon.api.BlockHeaderInfo;
import io.dvc.node.beacon.api.FinalityCheckpoints;
import io.dvc.node.beacon.api.GetBlockHeader;
import io.dvc.node.beacon.api.GetFinalityCheckpoints;
import io.dvc.node.beacon.api.GetNodeVersion;
import io.dvc.node.beacon.api.GetProposerDuties;
import io.dvc.node.beacon.api.PostAttestationRewards;
import io.dvc.node.beacon.api.PostSyncCommitteeRewards;
import io.dvc.node.beacon.api.ProposerDuties;
import io.dvc.node.beacon.api.ProposerDuty;
import io.dvc.node.beacon.api.SyncCommitteeReward;
import io.dvc.node.cluster.Operator;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules in docs/monitoring query is
 * exported: the expressions are parsed and their metric names compared with a scrape of a node's
 * registry (node metrics and every monitor, each having recorded something).
 */
class MonitoringAssetsTest {
  private static final Path ASSETS = Path.of("..", "docs", "monitoring");

  /** Series Prometheus makes itself (not exported by anyone). */
  private static final Set<String> SYNTHETIC = Set.of("up");

  @TempDir Path dataDir;

  @Test
  void everyMetricTheDashboardQueriesIsExported() throws IOException {
    final Set<String> queried = new TreeSet<>();
    final JsonNode dashboard =
        new ObjectMapper().readTree(ASSETS.resolve("dvc-dashboard.json").toFile());
    assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(10);
    for (final JsonNode panel : dashboard.get("panels")) {
      for (final JsonNode target : panel.get("targets")) {
        queried.addAll(PromQlNames.of(target.get("expr").asText()));
      }
    }
    assertThat(queried).hasSizeGreaterThan(20);
    assertThat(missing(queried)).isEmpty();
  }

  @Test
  void everyMetricTheAlertRulesQueryIsExported() throws IOException {
    final String rules = Files.readString(ASSETS.resolve("dvc-alerts.yml"));
    final Matcher alert = Pattern.compile("(?m)^\\s*- alert: (\\S+)$").matcher(rules);
    final Matcher expr = Pattern.compile("(?m)^\\s*expr: (.+)$").matcher(rules);
    final List<String> expressions = new ArrayList<>();
    int alerts = 0;
    while (alert.find()) {
      alerts++;
    }
    while (expr.find()) {
      expressions.add(expr.group(1));
    }
    assertThat(expressions)
        .as("one single-line expr per rule")
        .hasSize(alerts)
        .hasSizeGreaterThan(10);
    final Set<String> queried = new TreeSet<>();
    expressions.forEach(e -> queried.addAll(PromQlNames.of(e)));
    queried.removeAll(SYNTHETIC);
    assertThat(missing(queried)).isEmpty();
  }

  @Test
  void theExpressionParserFindsMetricsAndNothingElse() {
    assertThat(
            PromQlNames.of(
                "histogram_quantile(0.99, sum by (le, type) (rate(dvc_duty_latency_seconds_bucket{type=\"x\"}[5m])))"
                    + " > 2 and on() max(dvc_finality_stalled offset 5m) == 1 unless absent(foo_total)"))
        .containsExactly("dvc_duty_latency_seconds_bucket", "dvc_finality_stalled", "foo_total");
    assertThat(missingFrom(Set.of("dvc_no_such_metric", "dvc_peers_connected"), scrape()))
        .containsExactly("dvc_no_such_metric");
  }

  private Set<String> missing(final Set<String> queried) {
    return missingFrom(queried, scrape());
  }

  private static Set<String> missingFrom(final Set<String> queried, final Set<String> exported) {
    final Set<String> missing = new TreeSet<>(queried);
    missing.removeAll(exported);
    return missing;
  }

  /** The metric names in a scrape of a registry where every metric recorded something. */
  private Set<String> scrape() {
    final NodeMetrics node = populatedNodeMetrics();
    populateMonitors(node);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create()
          .write(out, node.registry().scrape(), EscapingScheme.DEFAULT);
    } catch (final IOException e) {
      throw new IllegalStateException(e);
    }
    final Set<String> names = new TreeSet<>();
    for (final String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static NodeMetrics populatedNodeMetrics() {
    final NodeMetrics metrics = new NodeMetrics();
    metrics.dutyOutcome(DutyOutcome.success(new Duty(DutyType.ATTESTER, 1, 1), 120));
    metrics.dutyOutcome(
        DutyOutcome.failed(new Duty(DutyType.ATTESTER, 1, 2), FailureReason.NO_CONSENSUS, "", 9));
    metrics.consensusDecided("attester", 1_000_000, 1);
    metrics.partialSignatureArrived("2", 80);
    metrics.beaconRequest("http://bn", 1_000_000, true);
    metrics.beaconRequest("http://bn", 1_000_000, false);
    metrics.peerRtt("peer", 1_000_000);
    metrics.peersConnected(3);
    return metrics;
  }

  private void populateMonitors(final NodeMetrics node) {
    final StubBeacon beacon =
        new StubBeacon()
            .on(
                PostAttestationRewards.class,
                r ->
                    List.of(new AttestationReward(0, 1, 1, 1), new AttestationReward(1, 0, -1, -1)))
            .on(
                GetProposerDuties.class,
                r ->
                    new ProposerDuties(
                        Bytes.zero(32), List.of(new ProposerDuty(Bytes.zero(48), 0, 40))))
            .on(GetBlockHeader.class, r -> Optional.of(new BlockHeaderInfo(40, 0, Bytes.zero(32))))
            .on(
                PostSyncCommitteeRewards.class,
                r ->
                    Optional.of(
                        List.of(new SyncCommitteeReward(0, 5), new SyncCommitteeReward(1, -5))))
            .on(GetFinalityCheckpoints.class, r -> new FinalityCheckpoints(9, 8))
            .on(GetNodeVersion.class, r -> "Lighthouse/v5.3.0");
    final MonitorMetrics monitorMetrics = new MonitorMetrics(node.registry());
    final AlertLog alerts =
        new AlertLog(LoggerFactory.getLogger(getClass()), monitorMetrics::alert);
    new ChainMonitor(
            beacon,
            List.of(0L, 1L),
            32,
            new LivenessTracker(new MonitorConfig(1, 0.9), List.of(0L, 1L)),
            monitorMetrics,
            Optional.empty(),
            alerts,
            LoggerFactory.getLogger(getClass()))
        .check(1)
        .join();
    final FakeTimeProvider time = new FakeTimeProvider(1_700_000_000_000L);
    final ResourceMonitor resources =
        new ResourceMonitor(
            Map.of("data", dataDir),
            beacon,
            time,
            ResourceAssessment.defaults(),
            node.registry(),
            alerts,
            LoggerFactory.getLogger(getClass()));
    resources.onEpoch(10).join();
    time.advanceMillis(60_000);
    resources.onEpoch(11).join();
    diversity(node, beacon, time, alerts);
  }

  private static void diversity(
      final NodeMetrics node,
      final StubBeacon beacon,
      final FakeTimeProvider time,
      final AlertLog alerts) {
    final NodeKey one = NodeKey.generate(new SecureRandom());
    final NodeKey two = NodeKey.generate(new SecureRandom());
    final List<Operator> operators =
        List.of(
            new Operator(1, one.peerId(), one.publicKey(), Optional.empty()),
            new Operator(2, two.peerId(), two.publicKey(), Optional.empty()));
    final Map<String, NodeEnvironment.PeerMessaging.Handler> handlers = new HashMap<>();
    final DiversityMonitor monitor =
        new DiversityMonitor(
            1,
            one,
            operators,
            new NodeEnvironment.PeerMessaging() {
              @Override
              public void send(final int operator, final String protocol, final byte[] message) {}

              @Override
              public void handle(final String protocol, final Handler handler) {
                handlers.put(protocol, handler);
              }
            },
            beacon,
            Optional.of(ClientVersion.parse("geth/v1.14.11")),
            "0.1.0",
            time,
            node.registry(),
            alerts,
            LoggerFactory.getLogger(MonitoringAssetsTest.class));
    final byte[] payload =
        ClientInfoCodec.encodePayload(
            new ClientInfo(
                2,
                "0.1.0",
                time.currentTimeMillis(),
                List.of(ClientVersion.parse("teku/v24.1.0")),
                Optional.of(ClientVersion.parse("nethermind/v1.29.0"))));
    handlers
        .get(DiversityMonitor.PROTOCOL)
        .onMessage(
            2,
            ClientInfoCodec.encodeSigned(payload, two.sign(ClientInfoCodec.signedBytes(payload))));
    monitor.onEpoch(0).join();
    monitor.evaluate(0);
  }
}
