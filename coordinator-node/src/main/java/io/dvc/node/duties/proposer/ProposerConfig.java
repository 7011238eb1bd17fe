package io.dvc.node.duties.proposer;

import io.dvc.spec.ssz.Bytes;
import java.time.Duration;

/**
 * How this cluster proposes; the same on every node of the cluster.
 *
 * @param feeRecipient the execution address from the lock; full blocks must pay it
 * @param graffiti 32 bytes
 * @param builder ask for blinded (builder) blocks: builder_boost_factor 100 (higher value wins)
 *     instead of 0 (local payload only)
 * @param bestBlockWait how long to wait for other beacon nodes' blocks after the first, to propose
 *     the most valuable one
 */
public record ProposerConfig(
    Bytes feeRecipient, Bytes graffiti, boolean builder, Duration bestBlockWait) {
  public ProposerConfig {
    if (feeRecipient.size() != 20) {
      throw new IllegalArgumentException("fee recipient must be 20 bytes");
    }
    if (graffiti.size() != 32) {
      throw new IllegalArgumentException("graffiti must be 32 bytes");
    }
  }

  /** Graffiti from text (UTF-8, at most 32 bytes, zero-padded). */
  public static Bytes graffiti(final String text) {
    final byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (utf8.length > 32) {
      throw new IllegalArgumentException("graffiti is longer than 32 bytes");
    }
    return Bytes.of(java.util.Arrays.copyOf(utf8, 32));
  }
}
