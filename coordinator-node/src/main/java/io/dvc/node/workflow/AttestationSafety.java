package io.dvc.node.workflow;

import io.dvc.slashing.AttestationDecision;
import io.dvc.slashing.AttestationRules;
import io.dvc.slashing.AttestationSigningRequest;
import io.dvc.slashing.SigningDecision;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.ValidatorState;
import java.util.List;

/** The node's view of slashing protection for attestations: a dry run and the recording batch. */
public final class AttestationSafety {
  private final SlashingProtection protection;

  public AttestationSafety(final SlashingProtection protection) {
    this.protection = protection;
  }

  /** What slashing protection would decide now, recording nothing (the consensus value check). */
  public SigningDecision wouldDecide(final AttestationSigningRequest request) {
    final ValidatorState state = protection.state(request.pubkey());
    return AttestationRules.check(
        request,
        state,
        AttestationRules.needsHistory(state, request)
            ? protection.signedAttestations(request.pubkey())
            : List.of());
  }

  /** Checks and durably records the batch (one synced write) before anything is signed. */
  public List<AttestationDecision> checkAndRecord(final List<AttestationSigningRequest> requests) {
    return protection.checkAndRecordAttestations(requests);
  }
}
