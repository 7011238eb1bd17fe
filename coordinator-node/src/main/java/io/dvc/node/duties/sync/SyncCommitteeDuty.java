package io.dvc.node.duties.sync;

import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import java.util.List;
import java.util.function.Function;

/**
 * The sync-committee duties' plug-ins: the selection-proof round (a whole epoch ahead of time), the
 * messages and the contributions, sharing one schedule.
 */
public final class SyncCommitteeDuty {
  private SyncCommitteeDuty() {}

  /** Plug-in factories for the pipeline (the selection round first). */
  public static List<Function<PluginContext, DutyPlugin>> plugins() {
    final SyncSchedule[] shared = new SyncSchedule[1];
    final Function<PluginContext, SyncSchedule> schedule =
        context -> {
          if (shared[0] == null) {
            shared[0] = new SyncSchedule(context);
          }
          return shared[0];
        };
    return List.of(
        context -> new SyncSelectionProofPlugin(context, schedule.apply(context)),
        context -> new SyncMessagePlugin(context, schedule.apply(context)),
        context -> new SyncContributionPlugin(context, schedule.apply(context)));
  }
}
