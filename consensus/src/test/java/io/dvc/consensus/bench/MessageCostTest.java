package io.dvc.consensus.bench;

import static io.dvc.consensus.testing.Cluster.T;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.driver.DriverLimits;
import io.dvc.consensus.testing.LoopbackCluster;
import io.dvc.consensus.testing.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * Messages and bytes on the wire per decision, for docs/benchmarks.md: 128-byte value (an SSZ
 * AttestationData), 32-byte digest, 65-byte signatures (secp256k1 r||s||v). A broadcast counts once
 * per recipient.
 */
class MessageCostTest {
  static final int[] SIZES = {4, 7, 10, 13};
  static final Value VALUE = Value.of(new byte[128], ValueHasher.SHA256);

  record Cost(long messages, long bytes) {}

  static Cost happyPath(final int n) {
    final LoopbackCluster c =
        new LoopbackCluster(n, TestKeys.fakeSized(n, 1, 65), DriverLimits.DEFAULT);
    for (int op = 1; op <= n; op++) {
      c.loop(op).start(new InstanceId(1, 0), 0, VALUE);
    }
    c.flush();
    for (int op = 1; op <= n; op++) {
      assertThat(c.decisions(op)).hasSize(1);
    }
    return new Cost(c.messages(), c.bytes());
  }

  static Cost leaderDown(final int n) {
    final LoopbackCluster c =
        new LoopbackCluster(n, TestKeys.fakeSized(n, 1, 65), DriverLimits.DEFAULT);
    c.crash(1);
    for (int op = 2; op <= n; op++) {
      c.loop(op).start(new InstanceId(1, 0), 0, VALUE);
    }
    c.flush();
    c.advanceTo(T);
    for (int op = 2; op <= n; op++) {
      assertThat(c.decisions(op)).hasSize(1);
    }
    return new Cost(c.messages(), c.bytes());
  }

  @Test
  void happyPathSendsOneProposalAndAllToAllPreparesAndCommits() {
    final StringBuilder table = new StringBuilder("n | msgs | bytes | leader-down msgs | bytes\n");
    for (int n : SIZES) {
      final Cost happy = happyPath(n);
      // proposal to n-1 peers, then every operator sends a prepare and a commit to n-1 peers
      assertThat(happy.messages()).isEqualTo((long) (n - 1) * (2L * n + 1));
      final Cost down = leaderDown(n);
      table.append(n).append(" | ").append(happy.messages()).append(" | ").append(happy.bytes());
      table.append(" | ").append(down.messages()).append(" | ").append(down.bytes()).append('\n');
      assertThat(down.messages()).isGreaterThan(happy.messages());
    }
    System.out.print(table);
  }
}
