package io.dvc.node.duties.exit;

import io.dvc.spec.types.SignedVoluntaryExit;
import java.util.Optional;

/**
 * Where one validator's exit stands on this node.
 *
 * @param state {@code pending} (accepted, not yet combined), {@code accepted} (combined and
 *     accepted by a beacon node) or {@code refused} (combined, refused by every beacon node)
 * @param signed the combined exit once known
 * @param detail the beacon nodes' answer when refused
 */
public record ExitStatus(
    long validatorIndex,
    long epoch,
    long slot,
    String state,
    Optional<SignedVoluntaryExit> signed,
    String detail) {
  static ExitStatus pending(final long validatorIndex, final long epoch, final long slot) {
    return new ExitStatus(validatorIndex, epoch, slot, "pending", Optional.empty(), "");
  }
}
