package io.dvc.node.duties.proposer;

import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import java.util.List;
import java.util.function.Function;

/**
 * The block-proposal duty's plug-ins: the RANDAO pre-consensus round and the proposal itself, which
 * share one proposer schedule.
 */
public final class ProposerDuty {
  private ProposerDuty() {}

  /** Plug-in factories for the pipeline (the RANDAO round first). */
  public static List<Function<PluginContext, DutyPlugin>> plugins(final ProposerConfig config) {
    final ProposerSchedule[] shared = new ProposerSchedule[1];
    final Function<PluginContext, ProposerSchedule> schedule =
        context -> {
          if (shared[0] == null) {
            shared[0] =
                new ProposerSchedule(
                    context.beacon(),
                    context.schedule().slotsPerEpoch(),
                    context.validators().keySet(),
                    context.log());
          }
          return shared[0];
        };
    return List.of(
        context -> new RandaoPlugin(context, schedule.apply(context)),
        context -> new ProposerPlugin(context, schedule.apply(context), config));
  }
}
