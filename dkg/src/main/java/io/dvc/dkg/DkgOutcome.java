package io.dvc.dkg;

import io.dvc.bls.threshold.SecretShare;
import io.dvc.config.cluster.ClusterLock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** How a ceremony ended for one operator. */
public sealed interface DkgOutcome {
  /**
   * Every phase completed and the lock verified: the lock (signed by every operator, with the
   * aggregate share signature) and this operator's share of every validator, in lock order. The
   * shares are secret: {@link #destroy()} zeroes them.
   */
  record Completed(ClusterLock lock, int shareIndex, List<SecretShare> shares)
      implements DkgOutcome {
    public Completed {
      shares = List.copyOf(shares);
    }

    public void destroy() {
      shares.forEach(SecretShare::destroy);
    }

    @Override
    public String toString() {
      return "Completed[lock " + lock.lockHash().toHex() + ", share index " + shareIndex + "]";
    }
  }

  /**
   * The ceremony stopped in {@code phase}: a one-line reason naming the operator(s) at fault, and
   * their share indices ({@code culprits}; empty when the fault is local, e.g. a full disk).
   */
  record Aborted(DkgPhase phase, String reason, Set<Integer> culprits) implements DkgOutcome {
    public Aborted {
      culprits = Set.copyOf(new TreeSet<>(culprits));
    }
  }
}
