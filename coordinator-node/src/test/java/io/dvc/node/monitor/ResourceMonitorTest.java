package io.dvc.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.node.beacon.api.FinalityCheckpoints;
import io.dvc.node.beacon.api.GetFinalityCheckpoints;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ResourceMonitorTest {
  @TempDir Path dir;
  private final FakeTimeProvider time = new FakeTimeProvider(1_700_000_000_000L);
  private volatile long finalized = 8;
  private final AlertLog alerts =
      new AlertLog(LoggerFactory.getLogger(ResourceMonitorTest.class), kind -> {});

  private ResourceMonitor monitor(final ResourceAssessment assessment) {
    return new ResourceMonitor(
        Map.of("data", dir),
        new StubBeacon()
            .on(
                GetFinalityCheckpoints.class,
                r -> new FinalityCheckpoints(finalized + 1, finalized)),
        time,
        assessment,
        new PrometheusRegistry(),
        alerts,
        LoggerFactory.getLogger(ResourceMonitorTest.class));
  }

  @Test
  void projectsDaysUntilFullFromTheDirectorysGrowth() throws IOException {
    final ResourceMonitor monitor = monitor(ResourceAssessment.defaults());
    Files.write(dir.resolve("a"), new byte[1000]);
    monitor.onEpoch(10).join();
    time.advanceMillis(100_000);
    Files.write(dir.resolve("b"), new byte[2000]);
    monitor.onEpoch(11).join();
    final JsonNode disk = monitor.toJson().at("/disks/data");
    assertThat(disk.get("used_bytes").asLong()).isEqualTo(3000);
    assertThat(disk.get("growth_bytes_per_second").asDouble()).isEqualTo(20.0);
    assertThat(disk.get("days_until_full").asDouble())
        .isCloseTo(
            disk.get("free_bytes").asLong() / 20.0 / 86_400,
            org.assertj.core.data.Offset.offset(1.0));
    assertThat(disk.get("projection").asText()).startsWith("data: full in ");
    assertThat(alerts.recent()).as("finality is fine, the rate is too young to alert").isEmpty();
  }

  @Test
  void alertsOnceWhenFinalityStallsAndNamesTheProjection() throws IOException {
    final ResourceMonitor monitor = monitor(ResourceAssessment.defaults());
    monitor.onEpoch(10).join();
    finalized = 3;
    time.advanceMillis(60_000);
    Files.write(dir.resolve("a"), new byte[5000]);
    monitor.onEpoch(11).join();
    monitor.onEpoch(12).join();
    assertThat(alerts.recent()).extracting(Alert::kind).containsExactly("finality_stalled");
    assertThat(alerts.recent().get(0).message()).contains("8 epochs since", "data: ");
    assertThat(monitor.toJson().get("finality_stalled").asBoolean()).isTrue();
    monitor.onEpoch(11 + ResourceMonitor.REALERT_EPOCHS).join();
    assertThat(alerts.recent()).hasSize(2);
  }

  @Test
  void aDiskFillingFastIsAlertedWithTheStrongerLimitWhileFinalityStalls() {
    final DiskHeadroom disk = new DiskHeadroom(3_600_000);
    disk.add(new DiskHeadroom.Sample(0, 0, 20L << 30, 100L << 30));
    disk.add(new DiskHeadroom.Sample(3_600_000, 1L << 30, 20L << 30, 100L << 30));
    final ResourceAssessment assessment = new ResourceAssessment(4, 0.5, 30, 60_000);
    assertThat(disk.daysUntilFull().getAsDouble())
        .isCloseTo(20.0 / 24, org.assertj.core.data.Offset.offset(0.001));
    assertThat(assessment.diskProblem("data", disk, false)).isEmpty();
    assertThat(assessment.diskProblem("data", disk, true))
        .hasValueSatisfying(text -> assertThat(text).contains("full in 0.8 days", "finality"));
    final DiskHeadroom almostFull = new DiskHeadroom(3_600_000);
    almostFull.add(new DiskHeadroom.Sample(0, 10, 4L << 30, 100L << 30));
    assertThat(assessment.diskProblem("beacon", almostFull, false))
        .hasValueSatisfying(text -> assertThat(text).contains("only 4.0 % free"));
    assertThat(List.of(assessment.finalityStalled(4), assessment.finalityStalled(5)))
        .containsExactly(false, true);
  }
}
