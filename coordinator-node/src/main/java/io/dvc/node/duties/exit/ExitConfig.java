package io.dvc.node.duties.exit;

import io.dvc.p2p.crypto.PeerPublicKey;
import java.util.Map;

/**
 * How this node treats exit requests.
 *
 * @param allowed whether this operator signs exits at all ({@code --exits-allowed})
 * @param maxFutureEpochs how far past the current epoch a requested exit epoch may lie ({@code
 *     --exit-max-future-epochs}); a beacon node accepts an exit only from its epoch on, so a future
 *     one is kept in a file and published later
 * @param selfIndex this operator's index
 * @param operatorKeys every operator's identity key, by index (from the lock)
 */
public record ExitConfig(
    boolean allowed,
    long maxFutureEpochs,
    int selfIndex,
    Map<Integer, PeerPublicKey> operatorKeys) {
  public ExitConfig {
    if (maxFutureEpochs < 0) {
      throw new IllegalArgumentException("exit-max-future-epochs must not be negative");
    }
    operatorKeys = Map.copyOf(operatorKeys);
  }
}
