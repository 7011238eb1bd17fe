package io.dvc.node.doppelganger;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.metrics.NodeMetrics;
import io.dvc.node.testing.SimulatedCluster;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Doppelganger protection in a 4-operator cluster (t = 3) on manual time (minimal preset: 8 slots
 * per epoch; validator v attests at slot 8e + v of epoch e). The nodes start at genesis, so epoch 1
 * is the first they check.
 */
class DoppelgangerClusterTest {
  private static final long FIRST = 8;
  private static final Set<Integer> ALL = Set.of(1, 2, 3, 4);
  private static final long DOPPELGANGER = 2;

  private static String scrape(final NodeMetrics metrics) throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aValidatorLiveElsewhereIsNeverSignedForAndTheNodesSayWhy() throws IOException {
    final SimulatedCluster cluster = SimulatedCluster.builder().doppelgangerProtection(ALL).build();
    cluster.chain().operations().markLiveElsewhere(DOPPELGANGER);
    cluster.start(FIRST);
    cluster.runUntilSlot(40);

    for (long epoch = 0; epoch < 5; epoch++) {
      assertThat(cluster.chain().attestedIn(DOPPELGANGER, epoch))
          .as("the doppelganger's validator attested in epoch %d", epoch)
          .isFalse();
    }
    assertThat(cluster.chain().slotsWithBlocks())
        .as("no block of the doppelganger's validator (it proposes at slots 8k+2)")
        .noneMatch(slot -> slot % 8 == DOPPELGANGER);
    for (final int op : ALL) {
      final List<DutyOutcome> held =
          cluster.outcomes(op, DutyType.ATTESTER).stream()
              .filter(o -> o.duty().validatorIndex() == DOPPELGANGER)
              .toList();
      assertThat(held).hasSize(4); // epochs 1 to 4
      assertThat(held)
          .allSatisfy(o -> assertThat(o.failure()).contains(FailureReason.DOPPELGANGER));
      assertThat(held.get(held.size() - 1).detail())
          .isEqualTo(
              "validator 2 is live elsewhere (epoch 1): doppelganger protection never signs for"
                  + " it");
      assertThat(scrape(cluster.metrics(op)))
          .contains("dvc_doppelganger_validators{state=\"detected\"} 1")
          .contains("dvc_doppelganger_validators{state=\"waiting\"} 0");
    }
    // The others were held for epochs 1 and 2 (nobody live), then released.
    for (long v = 3; v < 8; v++) {
      assertThat(cluster.chain().attestedIn(v, 1)).as("validator %d in epoch 1", v).isFalse();
      assertThat(cluster.chain().attestedIn(v, 2)).as("validator %d in epoch 2", v).isFalse();
      assertThat(cluster.chain().attestedIn(v, 3)).as("validator %d in epoch 3", v).isTrue();
      assertThat(cluster.chain().attestedIn(v, 4)).as("validator %d in epoch 4", v).isTrue();
    }
    assertThat(cluster.chain().count("invalid_attestations", 0)).isZero();
  }

  @Test
  void aNodeWithSlashingProtectionHistoryDoesNotWait() {
    final SimulatedCluster cluster =
        SimulatedCluster.builder().doppelgangerProtection(ALL).slashingHistory(ALL).build();
    cluster.start(FIRST);
    cluster.runUntilSlot(16);
    for (long v = 0; v < 8; v++) {
      assertThat(cluster.chain().attestedIn(v, 1)).as("validator %d in epoch 1", v).isTrue();
    }
    for (final int op : ALL) {
      assertThat(cluster.outcomes(op, DutyType.ATTESTER))
          .hasSize(8)
          .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
    }
  }

  @Test
  void aFreshNodeIsReleasedAsSoonAsItSeesItsClusterSign() {
    final SimulatedCluster cluster =
        SimulatedCluster.builder().doppelgangerProtection(Set.of(4)).build();
    final DoppelgangerGuard guard = cluster.doppelgangerGuard(4).orElseThrow();
    assertThat(guard.waiting()).as("held at the start").hasSize(8);
    cluster.start(FIRST);
    cluster.runUntilSlot(16);
    assertThat(guard.waiting())
        .as("released by the cluster's combined signatures, before the first liveness check")
        .isEmpty();
    assertThat(guard.detected()).isEmpty();
    // Operator 3 goes down: the threshold now needs operator 4's partial signatures.
    cluster.crash(3);
    cluster.runUntilSlot(24);
    for (long v = 0; v < 8; v++) {
      assertThat(cluster.chain().attestedIn(v, 2)).as("validator %d in epoch 2", v).isTrue();
    }
    assertThat(
            cluster.outcomes(4, DutyType.ATTESTER).stream()
                .filter(o -> o.duty().slot() >= 16)
                .toList())
        .hasSize(8)
        .allSatisfy(o -> assertThat(o.succeeded()).as(o.toString()).isTrue());
  }
}
