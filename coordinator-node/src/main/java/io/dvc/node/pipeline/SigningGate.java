package io.dvc.node.pipeline;

import java.util.Optional;

/**
 * Holds validators back from signing (doppelganger protection): the signer stage asks it before any
 * request of a validator reaches the slashing-protected signer, and tells it of every combined
 * signature (the cluster reached threshold for that validator). Called on the workflow thread.
 */
public interface SigningGate {
  /** A gate that holds nothing back. */
  SigningGate OPEN = validatorIndex -> Optional.empty();

  /** Why the validator must not sign now, or empty when it may. */
  Optional<String> holdReason(long validatorIndex);

  /** The cluster combined a verified signature (this node's partial in it or not). */
  default void onCombined(final Combined signature) {}
}
