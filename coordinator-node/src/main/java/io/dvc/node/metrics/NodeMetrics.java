package io.dvc.node.metrics;

import io.dvc.node.duty.DutyOutcome;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The node's Prometheus metrics, registered in one registry of its own. */
public final class NodeMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private final Counter duties =
      Counter.builder()
          .name("dvc_duties_total")
          .help("Duties by type, outcome and failure reason")
          .labelNames("type", "outcome", "reason")
          .register(registry);
  private final Histogram dutyLatency =
      Histogram.builder()
          .name("dvc_duty_latency_seconds")
          .help("Time from duty start to submission")
          .labelNames("type")
          .classicOnly()
          .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8)
          .register(registry);
  private final Histogram consensusDuration =
      Histogram.builder()
          .name("dvc_consensus_duration_seconds")
          .help("Time from consensus start to decision")
          .labelNames("type")
          .classicOnly()
          .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8)
          .register(registry);
  private final Histogram consensusRounds =
      Histogram.builder()
          .name("dvc_consensus_rounds")
          .help("Round in which consensus decided")
          .labelNames("type")
          .classicOnly()
          .classicUpperBounds(1, 2, 3, 4, 6, 8, 12)
          .register(registry);
  private final Histogram partialArrival =
      Histogram.builder()
          .name("dvc_partial_signature_arrival_seconds")
          .help("Arrival of a peer's partial signatures after duty start")
          .labelNames("peer")
          .classicOnly()
          .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2, 4)
          .register(registry);
  private final Histogram beaconLatency =
      Histogram.builder()
          .name("dvc_beacon_request_seconds")
          .help("Beacon node request latency")
          .labelNames("beacon_node", "success")
          .classicOnly()
          .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5)
          .register(registry);
  private final Gauge peerRtt =
      Gauge.builder()
          .name("dvc_peer_rtt_seconds")
          .help("Round-trip time to a cluster peer from libp2p ping")
          .labelNames("peer")
          .register(registry);
  private final Gauge peersConnected =
      Gauge.builder()
          .name("dvc_peers_connected")
          .help("Cluster peers currently connected")
          .register(registry);

  private final Gauge doppelganger =
      Gauge.builder()
          .name("dvc_doppelganger_validators")
          .help(
              "Validators doppelganger protection holds back: waiting for the check, or detected"
                  + " live elsewhere")
          .labelNames("state")
          .register(registry);

  private final Counter peerFaults =
      Counter.builder()
          .name("dvc_peer_faults_total")
          .help(
              "Misbehaviour seen from a cluster operator: bad partial signatures, QBFT messages"
                  + " dropped as faults, rounds it led that were not decided")
          .labelNames("operator", "kind")
          .register(registry);

  private final Gauge slashingFailed =
      Gauge.builder()
          .name("dvc_slashing_protection_failed")
          .help("1 while the slashing-protection database refuses writes (the node cannot sign)")
          .register(registry);
  private final Gauge slashingFailedWrites =
      Gauge.builder()
          .name("dvc_slashing_protection_failed_writes")
          .help("Slashing-protection writes that failed since start")
          .register(registry);
  private final Gauge slashingReopens =
      Gauge.builder()
          .name("dvc_slashing_protection_reopens")
          .help("Times the slashing-protection database was reopened after a failed write")
          .register(registry);

  private final Gauge inboundDropped =
      Gauge.builder()
          .name("dvc_peer_inbound_dropped_messages")
          .help("Messages of a cluster operator dropped for exceeding the per-peer inbound bounds")
          .labelNames("operator")
          .register(registry);

  private final Gauge connectionStalls =
      Gauge.builder()
          .name("dvc_peer_connection_stalls")
          .help(
              "Times every connection to a cluster operator stalled (a ping unanswered for 1 s)"
                  + " and another was dialed")
          .labelNames("operator")
          .register(registry);

  private final Gauge messagesResent =
      Gauge.builder()
          .name("dvc_peer_messages_resent")
          .help(
              "Consensus and partial-signature messages to a cluster operator sent again on"
                  + " another connection because theirs stalled")
          .labelNames("operator")
          .register(registry);

  /** The stall counters of one operator's connections. */
  public void connectionStalls(final int operator, final long stalls, final long resent) {
    connectionStalls.labelValues(Integer.toString(operator)).set(stalls);
    messagesResent.labelValues(Integer.toString(operator)).set(resent);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void dutyOutcome(final DutyOutcome outcome) {
    final String type = outcome.duty().type().name().toLowerCase(java.util.Locale.ROOT);
    duties
        .labelValues(
            type,
            outcome.succeeded() ? "success" : "failure",
            outcome.failure().map(reason -> reason.label()).orElse(""))
        .inc();
    if (outcome.succeeded()) {
      dutyLatency.labelValues(type).observe(outcome.latencyMillis() / 1000.0);
    }
  }

  public void consensusDecided(final String type, final long nanos, final int round) {
    consensusDuration.labelValues(type).observe(nanos / 1e9);
    consensusRounds.labelValues(type).observe(round);
  }

  public void partialSignatureArrived(final String peer, final long millisAfterStart) {
    partialArrival.labelValues(peer).observe(millisAfterStart / 1000.0);
  }

  public void beaconRequest(final String beaconNode, final long nanos, final boolean success) {
    beaconLatency.labelValues(beaconNode, Boolean.toString(success)).observe(nanos / 1e9);
  }

  /** Bytes sent and received per peer, as the P2P host counts them on the wire. */
  public record PeerBytes(String peer, long sent, long received) {}

  /**
   * Registers {@code dvc_p2p_bytes_total{peer, direction}}, read from {@code source} at each scrape
   * (once per node).
   */
  public void p2pTraffic(final java.util.function.Supplier<java.util.List<PeerBytes>> source) {
    io.prometheus.metrics.core.metrics.CounterWithCallback.builder()
        .name("dvc_p2p_bytes_total")
        .help("Bytes on the wire to and from each cluster peer (framing and handshakes included)")
        .labelNames("peer", "direction")
        .callback(
            callback ->
                source
                    .get()
                    .forEach(
                        b -> {
                          callback.call(b.sent(), b.peer(), "sent");
                          callback.call(b.received(), b.peer(), "received");
                        }))
        .register(registry);
  }

  public void peerRtt(final String peer, final long nanos) {
    peerRtt.labelValues(peer).set(nanos / 1e9);
  }

  /** A cluster operator misbehaved (or its round failed): {@code kind} says how. */
  public void peerFault(final int operator, final String kind) {
    peerFaults.labelValues(Integer.toString(operator), kind).inc();
  }

  /** The count of one operator's faults of one kind so far. */
  public double peerFaultCount(final int operator, final String kind) {
    return peerFaults.labelValues(Integer.toString(operator), kind).get();
  }

  public void slashingProtection(
      final boolean failed, final long failedWrites, final long reopens) {
    slashingFailed.set(failed ? 1 : 0);
    slashingFailedWrites.set(failedWrites);
    slashingReopens.set(reopens);
  }

  public void inboundDropped(final int operator, final long dropped) {
    inboundDropped.labelValues(Integer.toString(operator)).set(dropped);
  }

  public void peersConnected(final int count) {
    peersConnected.set(count);
  }

  /** Validators held by doppelganger protection: still checked, and found live elsewhere. */
  public void doppelganger(final int waiting, final int detected) {
    doppelganger.labelValues("waiting").set(waiting);
    doppelganger.labelValues("detected").set(detected);
  }
}
