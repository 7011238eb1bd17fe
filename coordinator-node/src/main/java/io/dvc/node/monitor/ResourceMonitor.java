package io.dvc.node.monitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.api.GetFinalityCheckpoints;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;

/**
 * Resource headroom, once per epoch: each watched directory's size, its file system's free space,
 * growth rate and projected days until full ({@link DiskHeadroom}); epochs since finality from the
 * beacon node. Metrics, the {@code resources} section of the JSON view, and alerts on entering a
 * bad state ({@link ResourceAssessment}); a stalled finality is re-alerted every {@value
 * #REALERT_EPOCHS} epochs. Sampling walks the directories: call it off the workflow thread.
 */
public final class ResourceMonitor {
  static final int REALERT_EPOCHS = 8;
  private static final int MAX_FILES = 200_000;

  private final Map<String, Path> paths;
  private final Map<String, DiskHeadroom> disks = new LinkedHashMap<>();
  private final Map<String, Boolean> diskAlerted = new java.util.concurrent.ConcurrentHashMap<>();
  private final BeaconClient beacon;
  private final TimeProvider time;
  private final ResourceAssessment assessment;
  private final AlertLog alerts;
  private final Logger log;
  private final Gauge free;
  private final Gauge used;
  private final Gauge growth;
  private final Gauge daysUntilFull;
  private final Gauge sinceFinalized;
  private final Gauge stalled;
  private volatile OptionalLong epochsSinceFinalized = OptionalLong.empty();
  private volatile long stalledAlertEpoch = -1;

  /**
   * @param paths directories to watch by name (e.g. {@code data} for the slashing database, {@code
   *     beacon} and {@code execution} for those nodes' data paths where configured)
   */
  public ResourceMonitor(
      final Map<String, Path> paths,
      final BeaconClient beacon,
      final TimeProvider time,
      final ResourceAssessment assessment,
      final PrometheusRegistry registry,
      final AlertLog alerts,
      final Logger log) {
    this.paths = Map.copyOf(paths);
    this.beacon = beacon;
    this.time = time;
    this.assessment = assessment;
    this.alerts = alerts;
    this.log = log;
    paths.keySet().stream()
        .sorted()
        .forEach(name -> disks.put(name, new DiskHeadroom(6 * 3600_000L)));
    free =
        gauge(registry, "dvc_disk_free_bytes", "Free bytes of the file system of a watched path");
    used = gauge(registry, "dvc_disk_used_bytes", "Bytes in a watched directory");
    growth =
        gauge(
            registry,
            "dvc_disk_growth_bytes_per_second",
            "Growth of a watched directory over the last hours");
    daysUntilFull =
        gauge(
            registry,
            "dvc_disk_days_until_full",
            "Days until the file system of a watched path is full at its growth (+Inf: not"
                + " growing)");
    sinceFinalized =
        Gauge.builder()
            .name("dvc_finality_epochs_since_finalized")
            .help("Epochs between the beacon node's head and its finalized checkpoint")
            .register(registry);
    stalled =
        Gauge.builder()
            .name("dvc_finality_stalled")
            .help("1 while finality is stalled (more epochs since finality than allowed)")
            .register(registry);
  }

  private static Gauge gauge(
      final PrometheusRegistry registry, final String name, final String help) {
    return Gauge.builder().name(name).help(help).labelNames("path").register(registry);
  }

  /** Samples the disks and asks the beacon node for finality; completes when both are done. */
  public CompletableFuture<Void> onEpoch(final long currentEpoch) {
    return beacon
        .call(new GetFinalityCheckpoints())
        .handle(
            (checkpoints, error) -> {
              if (error == null) {
                finality(currentEpoch, currentEpoch - checkpoints.finalizedEpoch());
              } else {
                log.debug("finality checkpoints unavailable: {}", error.toString());
              }
              sampleDisks(currentEpoch);
              return null;
            });
  }

  private void finality(final long currentEpoch, final long since) {
    epochsSinceFinalized = OptionalLong.of(since);
    sinceFinalized.set(since);
    final boolean isStalled = assessment.finalityStalled(since);
    stalled.set(isStalled ? 1 : 0);
    if (isStalled
        && (stalledAlertEpoch < 0 || currentEpoch - stalledAlertEpoch >= REALERT_EPOCHS)) {
      stalledAlertEpoch = currentEpoch;
      alerts.raise(
          Alert.cluster(
              "finality_stalled",
              currentEpoch,
              "finality stalled: "
                  + since
                  + " epochs since the finalized checkpoint (more than "
                  + assessment.stallEpochs()
                  + "); disks fill faster until it finalizes again; "
                  + projections()));
    } else if (!isStalled && stalledAlertEpoch >= 0) {
      stalledAlertEpoch = -1;
      log.info("finality recovered: {} epochs since the finalized checkpoint", since);
    }
  }

  private String projections() {
    final List<String> texts = new java.util.ArrayList<>();
    disks.forEach(
        (name, disk) ->
            texts.add(
                ResourceAssessment.projection(name, disk).orElse(name + ": no projection yet")));
    return texts.isEmpty() ? "no disk watched" : String.join("; ", texts);
  }

  private void sampleDisks(final long currentEpoch) {
    final boolean finalityStalled =
        epochsSinceFinalized.isPresent()
            && assessment.finalityStalled(epochsSinceFinalized.getAsLong());
    for (final Map.Entry<String, DiskHeadroom> entry : disks.entrySet()) {
      final String name = entry.getKey();
      final Path path = paths.get(name);
      final DiskHeadroom disk = entry.getValue();
      try {
        final FileStore store = Files.getFileStore(path);
        disk.add(
            new DiskHeadroom.Sample(
                time.currentTimeMillis(),
                directorySize(path),
                store.getUsableSpace(),
                store.getTotalSpace()));
      } catch (final IOException | RuntimeException e) {
        log.warn("cannot measure the {} directory {}: {}", name, path, e.toString());
        continue;
      }
      disk.latest().ifPresent(s -> free.labelValues(name).set(s.freeBytes()));
      disk.latest().ifPresent(s -> used.labelValues(name).set(s.usedBytes()));
      disk.growthBytesPerSecond().ifPresent(rate -> growth.labelValues(name).set(rate));
      daysUntilFull.labelValues(name).set(disk.daysUntilFull().orElse(Double.POSITIVE_INFINITY));
      final Optional<String> problem = assessment.diskProblem(name, disk, finalityStalled);
      final boolean before = diskAlerted.getOrDefault(name, false);
      if (problem.isPresent() && !before) {
        alerts.raise(Alert.cluster("disk_headroom", currentEpoch, problem.get()));
      } else if (problem.isEmpty() && before) {
        log.info("{} disk headroom is fine again", name);
      }
      diskAlerted.put(name, problem.isPresent());
    }
  }

  static long directorySize(final Path path) throws IOException {
    final long[] total = {0, 0};
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) {
            total[0] += attributes.size();
            return ++total[1] > MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(final Path file, final IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }

  /** The {@code resources} section of the JSON view (and of {@code dvc status}). */
  public ObjectNode toJson() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    final OptionalLong since = epochsSinceFinalized;
    if (since.isPresent()) {
      node.put("epochs_since_finalized", since.getAsLong());
      node.put("finality_stalled", assessment.finalityStalled(since.getAsLong()));
    }
    final ObjectNode disksNode = node.putObject("disks");
    for (final Map.Entry<String, DiskHeadroom> entry : disks.entrySet()) {
      final ObjectNode disk = disksNode.putObject(entry.getKey());
      disk.put("path", paths.get(entry.getKey()).toString());
      entry
          .getValue()
          .latest()
          .ifPresent(
              s -> {
                disk.put("used_bytes", s.usedBytes());
                disk.put("free_bytes", s.freeBytes());
                disk.put("total_bytes", s.totalBytes());
              });
      entry
          .getValue()
          .growthBytesPerSecond()
          .ifPresent(rate -> disk.put("growth_bytes_per_second", rate));
      entry.getValue().daysUntilFull().ifPresent(days -> disk.put("days_until_full", days));
      disk.put("span_seconds", entry.getValue().spanMillis() / 1000);
      ResourceAssessment.projection(entry.getKey(), entry.getValue())
          .ifPresent(text -> disk.put("projection", text));
      disk.put("alert", diskAlerted.getOrDefault(entry.getKey(), false));
    }
    return node;
  }

  /** The names of the watched directories. */
  public List<String> names() {
    return List.copyOf(disks.keySet());
  }
}
