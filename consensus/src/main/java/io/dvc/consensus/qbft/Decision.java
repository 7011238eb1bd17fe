package io.dvc.consensus.qbft;

import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import io.dvc.consensus.message.SignedPayload;
import java.util.List;

/**
 * The decided value with its proof: a quorum of signed commits for the value's digest in one round.
 */
public record Decision(InstanceId instance, Value value, int round, List<SignedPayload> commits) {
  public Decision {
    commits = List.copyOf(commits);
  }
}
