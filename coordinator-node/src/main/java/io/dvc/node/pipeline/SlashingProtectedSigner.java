package io.dvc.node.pipeline;

import io.dvc.bls.BlsSignature;
import io.dvc.bls.HashedMessage;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.slashing.AttestationDecision;
import io.dvc.slashing.AttestationSigningRequest;
import io.dvc.slashing.BlockSigningRequest;
import io.dvc.slashing.Pubkey;
import io.dvc.slashing.Root;
import io.dvc.slashing.SigningDecision;
import io.dvc.slashing.SlashingProtection;
import io.dvc.spec.ssz.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only holder of the secret shares. For every slashable request it first records the request
 * durably in slashing protection (attestations of a call in one fsynced batch, blocks one by one),
 * and only signs what was allowed and recorded. Unslashable requests are signed directly. No duty
 * code can reach the shares except through this class.
 */
public final class SlashingProtectedSigner {
  /** One request's outcome: the partial signature, or the refusal. */
  public record Result(SigningRequest request, Optional<BlsSignature> partial, String refusal) {
    public boolean signed() {
      return partial.isPresent();
    }
  }

  private final SlashingProtection protection;
  private final Map<Long, ValidatorShare> shares;
  private final Map<Long, Pubkey> pubkeys = new HashMap<>();

  public SlashingProtectedSigner(
      final SlashingProtection protection, final Map<Long, ValidatorShare> sharesByIndex) {
    this.protection = protection;
    this.shares = Map.copyOf(sharesByIndex);
    shares.forEach(
        (index, share) -> pubkeys.put(index, Pubkey.of(share.groupPublicKey().toBytes())));
  }

  /** Records (durably) what is slashable, then signs what slashing protection allowed. */
  public List<Result> sign(final List<SigningRequest> requests) {
    final Map<SigningRequest, SigningDecision> decisions = record(requests);
    final Map<Bytes, HashedMessage> hashed = new HashMap<>();
    final List<Result> results = new ArrayList<>(requests.size());
    for (final SigningRequest request : requests) {
      final ValidatorShare share = shares.get(request.validatorIndex());
      if (share == null) {
        results.add(new Result(request, Optional.empty(), "no share of this validator"));
        continue;
      }
      final SigningDecision decision = decisions.get(request);
      if (decision != null && !decision.isAllowed()) {
        results.add(new Result(request, Optional.empty(), decision.detail()));
        continue;
      }
      // Attesters of a slot sign the same root after Electra: hash it to G2 once.
      final HashedMessage message =
          hashed.computeIfAbsent(request.signingRoot(), r -> HashedMessage.of(r.toArray()));
      results.add(new Result(request, Optional.of(share.secretShare().sign(message)), ""));
    }
    return results;
  }

  /**
   * Why slashing protection would refuse the request now, recording nothing (for value checks);
   * empty when it would sign.
   */
  public Optional<String> refusal(final SigningRequest request) {
    final Pubkey pubkey = pubkeys.get(request.validatorIndex());
    if (pubkey == null) {
      return Optional.of("validator " + request.validatorIndex() + " is not one of this node's");
    }
    final SigningDecision decision;
    if (request instanceof SigningRequest.Attestation a) {
      decision = protection.wouldAllowAttestation(attestation(pubkey, a));
    } else if (request instanceof SigningRequest.Block b) {
      decision = protection.wouldAllowBlock(block(pubkey, b));
    } else {
      decision = SigningDecision.allowed();
    }
    return decision.isAllowed() ? Optional.empty() : Optional.of(decision.detail());
  }

  private Map<SigningRequest, SigningDecision> record(final List<SigningRequest> requests) {
    final Map<SigningRequest, SigningDecision> decisions = new HashMap<>();
    final List<SigningRequest.Attestation> attestations = new ArrayList<>();
    final List<AttestationSigningRequest> batch = new ArrayList<>();
    for (final SigningRequest request : requests) {
      final Pubkey pubkey = pubkeys.get(request.validatorIndex());
      if (pubkey == null) {
        continue;
      }
      if (request instanceof SigningRequest.Attestation a) {
        attestations.add(a);
        batch.add(attestation(pubkey, a));
      } else if (request instanceof SigningRequest.Block b) {
        decisions.put(b, protection.checkAndRecordBlock(block(pubkey, b)));
      }
    }
    if (!batch.isEmpty()) {
      final List<AttestationDecision> recorded = protection.checkAndRecordAttestations(batch);
      for (int i = 0; i < attestations.size(); i++) {
        decisions.put(attestations.get(i), recorded.get(i).decision());
      }
    }
    return decisions;
  }

  private static AttestationSigningRequest attestation(
      final Pubkey pubkey, final SigningRequest.Attestation a) {
    return new AttestationSigningRequest(
        pubkey, a.sourceEpoch(), a.targetEpoch(), Root.of(a.signingRoot().toArray()));
  }

  private static BlockSigningRequest block(final Pubkey pubkey, final SigningRequest.Block b) {
    return new BlockSigningRequest(pubkey, b.slot(), Root.of(b.signingRoot().toArray()));
  }
}
