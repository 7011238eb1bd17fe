package io.dvc.beaconsim;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.Blinding;
import io.dvc.spec.ForkName;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BeaconBlockBody;
import io.dvc.spec.types.BeaconBlockBodyCapella;
import io.dvc.spec.types.BeaconBlockBodyDeneb;
import io.dvc.spec.types.BeaconBlockBodyElectra;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.Eth1Data;
import io.dvc.spec.types.ExecutionPayload;
import io.dvc.spec.types.ExecutionPayloadCapella;
import io.dvc.spec.types.ExecutionPayloadDeneb;
import io.dvc.spec.types.ExecutionRequests;
import io.dvc.spec.types.SyncAggregate;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the block a proposer asks for ({@code produceBlockV3}): on the latest block before the
 * slot, with the proposer's RANDAO reveal (verified), the graffiti, the pool's attestations of the
 * slot before ({@link BlockAttestations}), the sync aggregate of the sync committee messages
 * received for the slot before ({@link SyncCommitteePool}), no other operations, and a mock
 * execution payload paying the prepared fee recipient. With a builder connected it also asks the
 * fake builder and applies the builder_boost_factor rule; a blinded result keeps the builder's full
 * payload by its header root so that {@link #unblind(ExecutionPayload)} can restore it on publish.
 */
final class BlockFactory {
  /** Produced blocks and builder payloads are kept this many slots. */
  private static final long KEEP_SLOTS = 64;

  static final Bytes INFINITY_SIGNATURE = Bytes.fromHex("0xc0" + "00".repeat(95));

  /** A produced block: the full block (with the builder's payload when blinded). */
  record Produced(
      ForkName fork,
      boolean blinded,
      BeaconBlock block,
      MockExecution.Payload payload,
      BigInteger executionValue,
      BigInteger consensusValue) {

    BlindedBeaconBlock blindedBlock(final Blinding blinding) {
      return blinding.blind(block);
    }
  }

  private final SimChain chain;
  private final ProposalLedger ledger;
  private final int blobsPerBlock;
  private final boolean builderEnabled;
  private final BlockAttestations attestations;
  private final java.util.function.LongFunction<SyncAggregate> syncAggregates;
  private final MockExecution execution;
  private final SigningRoots roots;
  private final Blinding blinding;
  private final Map<Bytes, MockExecution.Payload> builderPayloads = new ConcurrentHashMap<>();

  BlockFactory(
      final SimChain chain,
      final ProposalLedger ledger,
      final int blobsPerBlock,
      final boolean builderEnabled,
      final BlockAttestations attestations,
      final java.util.function.LongFunction<SyncAggregate> syncAggregates) {
    this.chain = chain;
    this.syncAggregates = syncAggregates;
    this.attestations = attestations;
    this.ledger = ledger;
    this.blobsPerBlock = blobsPerBlock;
    this.builderEnabled = builderEnabled;
    this.execution =
        new MockExecution(chain.schedule().preset(), chain.schedule().genesisValidatorsRoot());
    this.roots = new SigningRoots(chain.schedule());
    this.blinding = new Blinding(chain.schedule().schemas());
  }

  Blinding blinding() {
    return blinding;
  }

  /**
   * Produces a block.
   *
   * @param boostFactor builder_boost_factor (empty: 100, profit maximisation)
   * @param allowBuilder false for the full-block-only endpoint
   * @throws ApiException 400 for a slot that cannot be proposed now or a RANDAO reveal that does
   *     not verify
   */
  Produced produce(
      final long slot,
      final Bytes randaoReveal,
      final boolean skipRandaoVerification,
      final Bytes graffiti,
      final Optional<BigInteger> boostFactor,
      final boolean allowBuilder) {
    final long head = chain.headSlot();
    if (slot == 0 || slot > head + 1) {
      throw ApiException.badRequest(
          "cannot produce a block for slot "
              + Long.toUnsignedString(slot)
              + ": the clock's slot is "
              + head
              + " (slot 0 is genesis)");
    }
    final ForkName fork = chain.forkAtSlot(slot);
    final int proposer = chain.proposerIndex(slot);
    final long epoch = chain.epochOf(slot);
    if (skipRandaoVerification) {
      if (!randaoReveal.equals(INFINITY_SIGNATURE)) {
        throw ApiException.badRequest(
            "skip_randao_verification needs randao_reveal to be the point at infinity");
      }
    } else if (!Bls.verify(
        chain.validators().get(proposer).publicKey(),
        roots.randaoReveal(epoch).toArray(),
        BlsSignature.fromBytes(randaoReveal.toArray()))) {
      throw ApiException.badRequest(
          "randao_reveal does not verify for validator "
              + proposer
              + ", the proposer of slot "
              + slot
              + " (DOMAIN_RANDAO, epoch "
              + epoch
              + ")");
    }
    final Bytes feeRecipient = ledger.feeRecipient(proposer).orElse(Bytes.zero(20));
    final Bytes parentHash = chain.executionBlockHash(slot - 1);
    final long timestamp =
        chain.schedule().genesisTime() + slot * chain.schedule().secondsPerSlot();
    final Bytes prevRandao = chain.tagged("randao_mix", epoch);
    final MockExecution.Payload local =
        execution.build(
            fork, slot, timestamp, parentHash, feeRecipient, prevRandao, blobsPerBlock, false);
    MockExecution.Payload chosen = local;
    boolean blinded = false;
    if (allowBuilder && builderEnabled) {
      final MockExecution.Payload bid =
          execution.build(
              fork, slot, timestamp, parentHash, feeRecipient, prevRandao, blobsPerBlock, true);
      if (builderWins(local.value(), bid.value(), boostFactor.orElse(BigInteger.valueOf(100)))) {
        chosen = bid;
        blinded = true;
        builderPayloads.put(payloadHeaderRoot(fork, bid.payload()), bid);
      }
    }
    final BeaconBlock block =
        new BeaconBlock(
            slot,
            proposer,
            chain.blockRoot(slot - 1),
            chain.stateRoot(slot),
            body(
                fork,
                randaoReveal,
                graffiti,
                attestations.forBlockAt(slot),
                syncAggregates.apply(slot),
                chosen));
    ledger.produced(blinded);
    prune(head);
    return new Produced(
        fork, blinded, block, chosen, chosen.value(), MockExecution.CONSENSUS_VALUE);
  }

  /**
   * The builder_boost_factor rule: the local payload wins when {@code local >= boost * (builder //
   * 100)}; a factor of 0 always keeps the local payload.
   */
  static boolean builderWins(
      final BigInteger localValue, final BigInteger builderValue, final BigInteger boostFactor) {
    if (boostFactor.signum() == 0) {
      return false;
    }
    return localValue.compareTo(boostFactor.multiply(builderValue.divide(BigInteger.valueOf(100))))
        < 0;
  }

  /** The builder's full payload for a blinded block's payload header, if the builder made it. */
  Optional<MockExecution.Payload> unblind(final ForkName fork, final Bytes payloadHeaderRoot) {
    return Optional.ofNullable(builderPayloads.get(payloadHeaderRoot));
  }

  Bytes payloadHeaderRoot(final ForkName fork, final ExecutionPayload payload) {
    return chain
        .schedule()
        .schemas()
        .at(fork)
        .executionPayloadHeader()
        .orElseThrow()
        .hashTreeRoot(blinding.header(payload));
  }

  private BeaconBlockBody body(
      final ForkName fork,
      final Bytes randaoReveal,
      final Bytes graffiti,
      final List<Attestation> included,
      final SyncAggregate syncAggregate,
      final MockExecution.Payload payload) {
    final Eth1Data eth1Data =
        new Eth1Data(chain.tagged("deposit_root", 0), 0, chain.tagged("eth1_block", 0));
    if (fork.isAtLeast(ForkName.ELECTRA)) {
      return new BeaconBlockBodyElectra(
          randaoReveal,
          eth1Data,
          graffiti,
          List.of(),
          List.of(),
          included,
          List.of(),
          List.of(),
          syncAggregate,
          (ExecutionPayloadDeneb) payload.payload(),
          List.of(),
          payload.commitments(),
          new ExecutionRequests(List.of(), List.of(), List.of()));
    }
    if (fork == ForkName.DENEB) {
      return new BeaconBlockBodyDeneb(
          randaoReveal,
          eth1Data,
          graffiti,
          List.of(),
          List.of(),
          included,
          List.of(),
          List.of(),
          syncAggregate,
          (ExecutionPayloadDeneb) payload.payload(),
          List.of(),
          payload.commitments());
    }
    return new BeaconBlockBodyCapella(
        randaoReveal,
        eth1Data,
        graffiti,
        List.of(),
        List.of(),
        included,
        List.of(),
        List.of(),
        syncAggregate,
        (ExecutionPayloadCapella) payload.payload(),
        List.of());
  }

  private void prune(final long head) {
    if (builderPayloads.size() > 4 * KEEP_SLOTS) {
      builderPayloads.values().removeIf(p -> p.payload().blockNumber() + KEEP_SLOTS < head);
    }
  }
}
