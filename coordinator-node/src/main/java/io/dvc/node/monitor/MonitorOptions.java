package io.dvc.node.monitor;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the node's own monitors.
 *
 * @param liveness when the liveness monitor alerts
 * @param resources when resources alert
 * @param executionClient the execution client of this operator ({@code geth/v1.14.11}), as no
 *     standard Beacon API reports it
 * @param watchPaths further directories to watch by name ({@code beacon}, {@code execution}),
 *     beside the node's data directory ({@code data})
 */
public record MonitorOptions(
    MonitorConfig liveness,
    ResourceAssessment resources,
    Optional<String> executionClient,
    Map<String, Path> watchPaths) {
  public MonitorOptions {
    watchPaths = Map.copyOf(watchPaths);
  }

  public static MonitorOptions defaults() {
    return new MonitorOptions(
        MonitorConfig.defaults(), ResourceAssessment.defaults(), Optional.empty(), Map.of());
  }
}
