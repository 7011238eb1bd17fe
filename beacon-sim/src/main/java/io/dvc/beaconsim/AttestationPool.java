package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.beaconsim.ApiResponse.PoolFailure;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.SignatureSet;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.SszException;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.SingleAttestation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks submitted attestations as a beacon node's API does before gossip: the form matches the
 * fork of the attestation's slot, the slot is not in the future nor older than the previous epoch,
 * the target epoch is the slot's, the head block is known, the attesters are in the named
 * committee, and the signature verifies against their keys over compute_signing_root(data,
 * DOMAIN_BEACON_ATTESTER at the target epoch) (batch-verified; one by one only when the batch
 * fails). Valid ones go to the {@link AttestationLedger}; the rest come back as failures.
 */
final class AttestationPool {
  private final SimChain chain;
  private final AttestationLedger ledger;
  private final SigningRoots signingRoots;
  private final Schemas schemas;

  private record Candidate(
      int index,
      List<Integer> attesters,
      AttestationData data,
      SignatureSet signatureSet,
      VerifiedKey key,
      boolean alreadyVerified) {}

  /** An attestation whose signature verified: the same bytes again need no pairing. */
  record VerifiedKey(List<Integer> attesters, AttestationData data, Bytes signature) {}

  private static final int VERIFIED_CACHE_LIMIT = 200_000;
  private final Map<VerifiedKey, Long> verified = new ConcurrentHashMap<>();

  AttestationPool(final SimChain chain, final AttestationLedger ledger) {
    this.chain = chain;
    this.ledger = ledger;
    this.signingRoots = new SigningRoots(chain.schedule());
    this.schemas = chain.schedule().schemas();
  }

  /**
   * Processes one submission.
   *
   * @param items the JSON array of the request body
   * @param consensusVersion the Eth-Consensus-Version of a v2 submission; empty for v1 (phase0
   *     Attestation form)
   * @return the failures, by position in the array (empty when all were accepted)
   */
  List<PoolFailure> submit(final JsonNode items, final Optional<ForkName> consensusVersion) {
    ledger.received(items.size());
    final List<PoolFailure> failures = new ArrayList<>();
    final List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        candidates.add(check(i, items.get(i), consensusVersion));
      } catch (final Refused e) {
        failures.add(new PoolFailure(i, e.reason, e.getMessage()));
      }
    }
    verifySignatures(candidates, failures);
    failures.sort(java.util.Comparator.comparingInt(PoolFailure::index));
    failures.forEach(f -> ledger.rejected(f.reason()));
    return List.copyOf(failures);
  }

  private void verifySignatures(
      final List<Candidate> candidates, final List<PoolFailure> failures) {
    final List<Candidate> fresh = candidates.stream().filter(c -> !c.alreadyVerified()).toList();
    final boolean allValid =
        !fresh.isEmpty() && Bls.batchVerify(fresh.stream().map(Candidate::signatureSet).toList());
    for (final Candidate candidate : candidates) {
      final SignatureSet set = candidate.signatureSet();
      if (candidate.alreadyVerified()) {
        record(candidate);
      } else if (allValid || Bls.verify(set.publicKey(), set.message(), set.signature())) {
        verified.put(candidate.key(), candidate.data().target().epoch());
        record(candidate);
      } else {
        failures.add(
            new PoolFailure(
                candidate.index(),
                RejectReason.INVALID_SIGNATURE,
                "invalid signature for attesters "
                    + candidate.attesters()
                    + " at slot "
                    + candidate.data().slot()));
      }
    }
    pruneVerified();
  }

  private void pruneVerified() {
    if (verified.size() > VERIFIED_CACHE_LIMIT) {
      final long oldest = chain.currentEpoch() - 1;
      verified.values().removeIf(epoch -> epoch < oldest);
      if (verified.size() > VERIFIED_CACHE_LIMIT) {
        verified.clear();
      }
    }
  }

  /**
   * The attestations of a slot whose signatures verified (still remembered), without those of
   * validators whose submissions are dropped.
   */
  List<VerifiedKey> verifiedAt(final long slot) {
    final List<VerifiedKey> found = new ArrayList<>();
    for (final VerifiedKey key : verified.keySet()) {
      if (key.data().slot() == slot && key.attesters().stream().noneMatch(ledger::isDropped)) {
        found.add(key);
      }
    }
    return found;
  }

  /** Forgets which signatures verified (benchmarks measure fresh verification with it). */
  void forgetVerified() {
    verified.clear();
  }

  private void record(final Candidate candidate) {
    final AttestationData data = candidate.data();
    final long epoch = data.target().epoch();
    final boolean includable =
        data.source().equals(chain.justified(epoch)) && data.target().equals(chain.boundary(epoch));
    for (final int attester : candidate.attesters()) {
      ledger.accepted(attester, data, includable);
    }
  }

  private Candidate check(
      final int index, final JsonNode item, final Optional<ForkName> consensusVersion) {
    final boolean electraForm =
        consensusVersion.map(f -> f.isAtLeast(ForkName.ELECTRA)).orElse(false);
    if (electraForm) {
      final SingleAttestation single = parse(() -> schemas.singleAttestation.fromJson(item));
      checkFork(single.data(), consensusVersion);
      if (single.data().index() != 0) {
        throw new Refused(
            RejectReason.MALFORMED,
            "data.index must be 0 from electra on, got " + single.data().index());
      }
      checkTiming(single.data());
      final int[] committee = committee(single.data().slot(), single.committeeIndex());
      final long attester = single.attesterIndex();
      boolean member = false;
      for (final int m : committee) {
        member |= m == attester;
      }
      if (!member) {
        throw new Refused(
            RejectReason.NOT_IN_COMMITTEE,
            "validator "
                + Long.toUnsignedString(attester)
                + " is not in committee "
                + single.committeeIndex()
                + " at slot "
                + single.data().slot());
      }
      return candidate(index, List.of((int) attester), single.data(), single.signature());
    }
    final Attestation attestation = parse(() -> schemas.phase0Attestation.fromJson(item));
    final AttestationData data = attestation.data();
    checkFork(data, consensusVersion);
    checkTiming(data);
    final int[] committee = committee(data.slot(), data.index());
    final Bits bits = attestation.aggregationBits();
    if (bits.size() != committee.length) {
      throw new Refused(
          RejectReason.BAD_AGGREGATION_BITS,
          "aggregation_bits has "
              + bits.size()
              + " bits but committee "
              + data.index()
              + " at slot "
              + data.slot()
              + " has "
              + committee.length
              + " members");
    }
    final List<Integer> attesters = new ArrayList<>();
    for (int i = 0; i < bits.size(); i++) {
      if (bits.get(i)) {
        attesters.add(committee[i]);
      }
    }
    if (attesters.isEmpty()) {
      throw new Refused(RejectReason.BAD_AGGREGATION_BITS, "aggregation_bits has no bit set");
    }
    return candidate(index, attesters, data, attestation.signature());
  }

  private Candidate candidate(
      final int index,
      final List<Integer> attesters,
      final AttestationData data,
      final Bytes signature) {
    final VerifiedKey key = new VerifiedKey(List.copyOf(attesters), data, signature);
    if (verified.containsKey(key)) {
      return new Candidate(index, key.attesters(), data, null, key, true);
    }
    final List<BlsPublicKey> keys =
        attesters.stream().map(a -> chain.validators().get(a).publicKey()).toList();
    final BlsPublicKey publicKey = keys.size() == 1 ? keys.get(0) : Bls.aggregatePublicKeys(keys);
    final BlsSignature sig = BlsSignature.fromBytes(signature.toArray());
    if (!sig.isValid()) {
      throw new Refused(RejectReason.INVALID_SIGNATURE, "signature is not a G2 point");
    }
    final byte[] root = signingRoots.attestation(data).toArray();
    return new Candidate(
        index, key.attesters(), data, new SignatureSet(publicKey, root, sig), key, false);
  }

  private void checkFork(final AttestationData data, final Optional<ForkName> consensusVersion) {
    final ForkName fork = chain.forkAtSlot(data.slot());
    if (consensusVersion.isEmpty() && fork.isAtLeast(ForkName.ELECTRA)) {
      throw new Refused(
          RejectReason.WRONG_FORK,
          "slot "
              + data.slot()
              + " is in "
              + fork.jsonName()
              + ": submit a SingleAttestation to /eth/v2/beacon/pool/attestations");
    }
    if (consensusVersion.isPresent() && consensusVersion.get() != fork) {
      throw new Refused(
          RejectReason.WRONG_FORK,
          "Eth-Consensus-Version "
              + consensusVersion.get().jsonName()
              + " does not match fork "
              + fork.jsonName()
              + " of slot "
              + data.slot());
    }
  }

  private void checkTiming(final AttestationData data) {
    final long head = chain.headSlot();
    if (data.slot() > head || data.slot() < 0) {
      throw new Refused(
          RejectReason.FUTURE_SLOT,
          "slot "
              + Long.toUnsignedString(data.slot())
              + " is in the future (head slot "
              + head
              + ")");
    }
    final long epoch = chain.epochOf(data.slot());
    if (data.target().epoch() != epoch) {
      throw new Refused(
          RejectReason.BAD_TARGET,
          "target epoch "
              + Long.toUnsignedString(data.target().epoch())
              + " is not the epoch of slot "
              + data.slot());
    }
    if (epoch + 1 < chain.currentEpoch()) {
      throw new Refused(
          RejectReason.TOO_OLD,
          "target epoch "
              + epoch
              + " is older than the previous epoch (current "
              + chain.currentEpoch()
              + ")");
    }
    final Optional<Long> blockSlot = chain.slotOfBlock(data.beaconBlockRoot());
    if (blockSlot.isEmpty() || blockSlot.get() > data.slot()) {
      throw new Refused(
          RejectReason.UNKNOWN_BLOCK,
          "beacon_block_root "
              + data.beaconBlockRoot()
              + " is not a known block at or before slot "
              + data.slot());
    }
  }

  private int[] committee(final long slot, final long committeeIndex) {
    return chain
        .committee(slot, committeeIndex)
        .orElseThrow(
            () ->
                new Refused(
                    RejectReason.UNKNOWN_COMMITTEE,
                    "committee index "
                        + Long.toUnsignedString(committeeIndex)
                        + " does not exist at slot "
                        + slot
                        + " ("
                        + chain.committeesPerSlot()
                        + " committees per slot)"));
  }

  private static <T> T parse(final java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (final SszException | IllegalArgumentException e) {
      throw new Refused(RejectReason.MALFORMED, "malformed attestation: " + e.getMessage());
    }
  }

  private static final class Refused extends RuntimeException {
    private final String reason;

    Refused(final String reason, final String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
