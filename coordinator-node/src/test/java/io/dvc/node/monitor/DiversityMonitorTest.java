package io.dvc.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.common.time.FakeTimeProvider;
import io.dvc.node.beacon.api.GetNodeVersion;
import io.dvc.node.cluster.Operator;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.p2p.crypto.NodeKey;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Operators exchanging client info over an in-memory bus, each with a stub beacon node. */
class DiversityMonitorTest {
  private final SecureRandom random = new SecureRandom();
  private final FakeTimeProvider time = new FakeTimeProvider(1_700_000_000_000L);
  private final List<NodeKey> keys = new ArrayList<>();
  private final List<Operator> operators = new ArrayList<>();
  private final Map<Integer, Map<String, NodeEnvironment.PeerMessaging.Handler>> handlers =
      new HashMap<>();
  private final List<AlertLog> alertLogs = new ArrayList<>();
  private final List<DiversityMonitor> monitors = new ArrayList<>();

  /** Builds operators 1..n; operator i's beacon node reports {@code beaconVersions[i-1]}. */
  private void cluster(final List<String> beaconVersions, final Optional<String> execution) {
    for (int i = 1; i <= beaconVersions.size(); i++) {
      final NodeKey key = NodeKey.generate(random);
      keys.add(key);
      operators.add(new Operator(i, key.peerId(), key.publicKey(), Optional.empty()));
    }
    for (int i = 1; i <= beaconVersions.size(); i++) {
      final String version = beaconVersions.get(i - 1);
      final AlertLog log =
          new AlertLog(LoggerFactory.getLogger(DiversityMonitorTest.class), kind -> {});
      alertLogs.add(log);
      monitors.add(
          new DiversityMonitor(
              i,
              keys.get(i - 1),
              operators,
              messaging(i),
              new StubBeacon().on(GetNodeVersion.class, r -> version),
              execution.map(ClientVersion::parse),
              "0.1.0",
              time,
              new PrometheusRegistry(),
              log,
              LoggerFactory.getLogger(DiversityMonitorTest.class)));
    }
  }

  private NodeEnvironment.PeerMessaging messaging(final int self) {
    return new NodeEnvironment.PeerMessaging() {
      @Override
      public void send(final int operator, final String protocol, final byte[] message) {
        deliver(self, operator, protocol, message);
      }

      @Override
      public void handle(final String protocol, final Handler handler) {
        handlers.computeIfAbsent(self, k -> new HashMap<>()).put(protocol, handler);
      }
    };
  }

  private void deliver(final int from, final int to, final String protocol, final byte[] message) {
    handlers.get(to).get(protocol).onMessage(from, message);
  }

  private void epoch(final long epoch) {
    monitors.forEach(m -> m.onEpoch(epoch).join());
    monitors.forEach(m -> m.evaluate(epoch));
  }

  private List<String> kinds(final int operator) {
    return alertLogs.get(operator - 1).recent().stream().map(Alert::kind).toList();
  }

  @Test
  void oneClientBehindEveryBeaconNodeRaisesTheWarningOnEveryNode() {
    cluster(
        List.of(
            "teku/v24.1.0/linux", "teku/v24.1.0/linux", "teku/v24.1.0/linux", "teku/v24.1.0/linux"),
        Optional.empty());
    epoch(0);
    for (int operator = 1; operator <= 4; operator++) {
      assertThat(kinds(operator)).containsExactly("client_supermajority");
    }
    assertThat(monitors.get(0).report().consensus()).isEqualTo(Map.of("teku", 4));
    epoch(1);
    assertThat(kinds(1)).as("an unchanged warning is not repeated").hasSize(1);
  }

  @Test
  void mixedClientsRaiseNoWarning() {
    cluster(
        List.of("Lighthouse/v5.3.0", "teku/v24.1.0", "Lodestar/v1.22.0", "Prysm/v5.1.0"),
        Optional.empty());
    epoch(0);
    for (int operator = 1; operator <= 4; operator++) {
      assertThat(kinds(operator)).isEmpty();
    }
    assertThat(monitors.get(2).report().reporting()).isEqualTo(4);
    assertThat(monitors.get(2).toJson().get("operators")).hasSize(4);
  }

  @Test
  void oneExecutionClientEverywhereAndAnOutdatedReleaseAreWarned() {
    cluster(
        List.of("Lighthouse/v5.1.0", "Lighthouse/v5.3.0", "teku/v24.1.0", "Lodestar/v1.22.0"),
        Optional.of("Geth/v1.14.11"));
    epoch(0);
    assertThat(kinds(3)).containsExactly("client_supermajority", "outdated_client");
    assertThat(alertLogs.get(2).recent().get(0).message()).contains("execution", "geth on 4 of 4");
    assertThat(alertLogs.get(2).recent().get(1).message())
        .contains("operator 1 runs lighthouse v5.1.0", "v5.3.0");
  }

  @Test
  void anOperatorOnAnOlderDvcReleaseIsNamed() {
    cluster(List.of("teku/v24.1.0", "Lighthouse/v5.3.0", "Lodestar/v1.22.0"), Optional.empty());
    epoch(0);
    final ClientInfo old =
        new ClientInfo(
            3, "0.0.9", 1, List.of(ClientVersion.parse("Lodestar/v1.22.0")), Optional.empty());
    final byte[] payload = ClientInfoCodec.encodePayload(old);
    deliver(
        3,
        1,
        DiversityMonitor.PROTOCOL,
        ClientInfoCodec.encodeSigned(
            payload, keys.get(2).sign(ClientInfoCodec.signedBytes(payload))));
    monitors.get(0).evaluate(1);
    assertThat(monitors.get(0).report().outdated())
        .containsExactly("operator 3 runs dvc 0.0.9 while another operator runs 0.1.0");
  }

  @Test
  void forgedOrMalformedMessagesAreRefused() {
    cluster(List.of("teku/v24.1.0", "Lighthouse/v5.3.0", "Lodestar/v1.22.0"), Optional.empty());
    // operator 3 claims to be operator 2 (signed with its own key)
    final ClientInfo claim =
        new ClientInfo(
            2, "0.1.0", 1, List.of(ClientVersion.parse("teku/v24.1.0")), Optional.empty());
    final byte[] payload = ClientInfoCodec.encodePayload(claim);
    final byte[] forged =
        ClientInfoCodec.encodeSigned(
            payload, keys.get(2).sign(ClientInfoCodec.signedBytes(payload)));
    deliver(3, 1, DiversityMonitor.PROTOCOL, forged);
    // operator 2's genuine message replayed as if from operator 3
    final byte[] genuine =
        ClientInfoCodec.encodeSigned(
            payload, keys.get(1).sign(ClientInfoCodec.signedBytes(payload)));
    deliver(3, 1, DiversityMonitor.PROTOCOL, genuine);
    // a signature over the payload without the domain
    deliver(
        2,
        1,
        DiversityMonitor.PROTOCOL,
        ClientInfoCodec.encodeSigned(payload, keys.get(1).sign(payload)));
    deliver(2, 1, DiversityMonitor.PROTOCOL, new byte[] {(byte) 0xff, 0x01});
    assertThat(monitors.get(0).report().reporting()).isZero();
    deliver(2, 1, DiversityMonitor.PROTOCOL, genuine);
    assertThat(monitors.get(0).report().reporting()).isEqualTo(1);
  }
}
