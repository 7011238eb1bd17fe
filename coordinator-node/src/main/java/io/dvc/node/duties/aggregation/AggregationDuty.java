package io.dvc.node.duties.aggregation;

import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import java.util.List;
import java.util.function.Function;

/**
 * The attestation-aggregation duty's plug-ins: the selection-proof round (a whole epoch ahead of
 * time) and the aggregation itself, sharing one schedule and the selections.
 */
public final class AggregationDuty {
  private AggregationDuty() {}

  /** Plug-in factories for the pipeline (the selection round first). */
  public static List<Function<PluginContext, DutyPlugin>> plugins() {
    final Object[] shared = new Object[2];
    final Function<PluginContext, Selections> selections =
        context -> {
          if (shared[0] == null) {
            final AggregationSchedule schedule = new AggregationSchedule(context);
            shared[0] = schedule;
            shared[1] = new Selections(context, schedule);
          }
          return (Selections) shared[1];
        };
    return List.of(
        context -> {
          final Selections s = selections.apply(context);
          return new SelectionProofPlugin(context, (AggregationSchedule) shared[0], s);
        },
        context -> {
          final Selections s = selections.apply(context);
          return new AggregationPlugin(context, (AggregationSchedule) shared[0], s);
        });
  }
}
