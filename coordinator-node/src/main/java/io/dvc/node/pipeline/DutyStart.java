package io.dvc.node.pipeline;

import java.util.List;

/** The scheduler's output: a duty of this node's validators starts at a slot. */
public record DutyStart(DutyPlugin plugin, long slot, List<Long> validators) {
  public DutyStart {
    validators = List.copyOf(validators);
  }
}
