package io.dvc.node.fault;

import io.dvc.config.Network;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Deliberate misbehaviour of a node, for tests of the other nodes only (hidden flag {@code
 * --test-fault} of {@code dvc run}). A node refuses to start with one on a cluster made for a
 * public network ({@link #refuseOnPublicNetwork}).
 */
public enum TestFault {
  /**
   * As QBFT leader, sends a second, differently valued proposal (validly signed) to the upper half
   * of its peers: an equivocation.
   */
  EQUIVOCATING_LEADER("equivocating-leader"),
  /**
   * Sends partial signatures that are valid G2 points made with a throw-away key instead of its
   * share (the set itself is correctly signed with its operator key).
   */
  WRONG_PARTIALS("wrong-partials"),
  /**
   * Behaves honestly and also floods every peer with malformed 1 KiB partial-signature messages, as
   * fast as its connections take them.
   */
  FLOOD("flood");

  private final String label;

  TestFault(final String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The fault of this label; IllegalArgumentException naming the labels otherwise. */
  public static TestFault parse(final String label) {
    return Arrays.stream(values())
        .filter(f -> f.label.equals(label.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "--test-fault: unknown fault '"
                        + label
                        + "' (equivocating-leader, wrong-partials or flood)"));
  }

  /**
   * Empty when a node of a cluster made for this genesis fork version may run with a test fault;
   * otherwise the one-line reason it may not (a public network: mainnet, sepolia, holesky, hoodi).
   */
  public static Optional<String> refuseOnPublicNetwork(final byte[] genesisForkVersion) {
    return refuseOnPublicNetwork("--test-fault", genesisForkVersion);
  }

  /** As {@link #refuseOnPublicNetwork(byte[])}, naming the test-only flag that was given. */
  public static Optional<String> refuseOnPublicNetwork(
      final String flag, final byte[] genesisForkVersion) {
    return Network.KNOWN.stream()
        .filter(n -> Arrays.equals(n.genesisForkVersion().toArray(), genesisForkVersion))
        .findFirst()
        .map(
            n ->
                flag
                    + " is for test clusters only; this cluster was made for "
                    + n.name()
                    + ", refusing to start");
  }
}
