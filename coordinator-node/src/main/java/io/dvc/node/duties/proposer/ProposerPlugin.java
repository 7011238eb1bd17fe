package io.dvc.node.duties.proposer;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.node.beacon.HeadEvent;
import io.dvc.node.beacon.NodeResult;
import io.dvc.node.beacon.api.PrepareBeaconProposer;
import io.dvc.node.beacon.api.ProduceBlock;
import io.dvc.node.beacon.api.ProducedBlock;
import io.dvc.node.beacon.api.ProposalBlock;
import io.dvc.node.beacon.api.ProposerPreparation;
import io.dvc.node.beacon.api.PublishBlock;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyFailure;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The block proposal: at the slot start, with the RANDAO reveal combined ahead of time, each node
 * asks its beacon nodes for a block (all in parallel, the most valuable within a short wait), and
 * one QBFT instance per slot agrees on the whole block (full with blobs, or blinded). The value
 * check accepts a block only for our duty's slot and proposer, of the slot's fork, carrying the
 * combined reveal, paying the cluster's fee recipient (full blocks), and allowed by slashing
 * protection. The signed block goes to every beacon node.
 */
final class ProposerPlugin implements DutyPlugin {
  private final PluginContext context;
  private final ProposerSchedule schedule;
  private final ProposerConfig config;
  private final Schemas schemas;

  ProposerPlugin(
      final PluginContext context, final ProposerSchedule schedule, final ProposerConfig config) {
    this.context = context;
    this.schedule = schedule;
    this.config = config;
    this.schemas = context.schedule().schemas();
  }

  @Override
  public DutyType type() {
    return DutyType.PROPOSER;
  }

  @Override
  public SlotOffset offset() {
    return SlotOffset.START;
  }

  @Override
  public boolean needsConsensus() {
    return true;
  }

  @Override
  public boolean checksAgainstOwnView() {
    return false;
  }

  @Override
  public CompletableFuture<Void> ensureLoaded(final long epoch) {
    return schedule.ensureLoaded(epoch);
  }

  @Override
  public void refresh(final long epoch) {
    prepare();
  }

  @Override
  public void onHead(final HeadEvent head) {
    schedule.onHead(head);
  }

  @Override
  public void onBeaconConnected(final String node) {
    prepare();
  }

  /** Tells every beacon node the fee recipient of each validator (each epoch, and on reconnect). */
  private void prepare() {
    final List<ProposerPreparation> preparations =
        context.validators().keySet().stream()
            .sorted()
            .map(v -> new ProposerPreparation(v, config.feeRecipient()))
            .toList();
    if (preparations.isEmpty()) {
      return;
    }
    context
        .beacon()
        .call(new PrepareBeaconProposer(preparations))
        .exceptionally(
            error -> {
              context.log().warn("prepare_beacon_proposer refused: {}", error.getMessage());
              return null;
            });
  }

  /**
   * Why the block's RANDAO reveal is not the validator's: compared with the combined reveal when
   * this node has it, else verified against the validator's public key over the epoch's signing
   * root (BLS signatures are unique, so a valid reveal is the one the round would combine). A node
   * without the combined reveal (restarted after the epoch's round, or its peers' partials lost)
   * thus still checks the leader's block and takes part in consensus, instead of refusing every
   * block and leaving the quorum to the others.
   */
  private Optional<String> randaoRefusal(final long slot, final long proposer, final Bytes reveal) {
    final Combined combined =
        context.preConsensus().await(DutyType.RANDAO, slot, proposer).getNow(null);
    if (combined != null) {
      return reveal.equals(Bytes.of(combined.signature().toBytes()))
          ? Optional.empty()
          : Optional.of("block carries another RANDAO reveal than the combined one");
    }
    final BlsPublicKey key = context.validators().get(proposer);
    if (key == null) {
      return Optional.of("validator " + proposer + " is not this cluster's");
    }
    final byte[] root =
        context.signingRoots().randaoReveal(context.clock().epochOf(slot)).toArray();
    try {
      return Bls.verify(key, root, BlsSignature.fromBytes(reveal.toArray()))
          ? Optional.empty()
          : Optional.of("block carries a RANDAO reveal that is not the validator's");
    } catch (final RuntimeException e) {
      return Optional.of("block carries a malformed RANDAO reveal: " + e.getMessage());
    }
  }

  @Override
  public void prune(final long beforeEpoch) {
    schedule.prune(beforeEpoch);
  }

  @Override
  public List<Long> validatorsAt(final long slot) {
    return schedule.dutyAt(slot).map(d -> List.of(d.validatorIndex())).orElse(List.of());
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    return schedule.slotsWithDuties(epoch);
  }

  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    final long proposer = validators.get(0);
    final CompletableFuture<Combined> reveal =
        context.preConsensus().await(DutyType.RANDAO, slot, proposer);
    // A reveal that is not combined within a third of the slot will not be in time.
    context
        .timers()
        .at(
            context.clock().slotStartMillis(slot) + context.clock().millisPerSlot() / 3,
            () ->
                reveal.completeExceptionally(
                    new DutyFailure(
                        FailureReason.RANDAO_MISSING,
                        "the RANDAO reveal was not combined in time")));
    return reveal.thenCompose(
        combined -> {
          final ProduceBlock request =
              ProduceBlock.v3(
                  schemas,
                  context.schedule().forkAtSlot(slot),
                  slot,
                  proposer,
                  Bytes.of(combined.signature().toBytes()),
                  config.graffiti(),
                  Optional.of(config.builder() ? 100L : 0L));
          return context
              .beacon()
              .callEach(request, config.bestBlockWait())
              .thenApply(results -> ProposalBlock.encode(schemas, best(results)));
        });
  }

  /** The most valuable block; on equal value, the first to answer. */
  private static ProposalBlock best(final List<NodeResult<ProducedBlock>> results) {
    return results.stream()
        .filter(r -> r.value().isPresent())
        .map(r -> r.value().get())
        .max(Comparator.comparing(ProducedBlock::totalValue))
        .orElseThrow(() -> new IllegalStateException("no beacon node produced a block"))
        .block();
  }

  @Override
  public Optional<String> check(
      final long slot,
      final List<Long> validators,
      final Optional<byte[]> own,
      final byte[] proposed) {
    final ProposalBlock block;
    try {
      block = ProposalBlock.decode(schemas, proposed);
    } catch (final RuntimeException e) {
      return Optional.of("malformed block value: " + e.getMessage());
    }
    final long proposer = validators.get(0);
    final ForkName fork = context.schedule().forkAtSlot(slot);
    if (block.slot() != slot || block.proposerIndex() != proposer) {
      return Optional.of(
          "block for slot "
              + block.slot()
              + " proposer "
              + block.proposerIndex()
              + ", duty is "
              + "slot "
              + slot
              + " proposer "
              + proposer);
    }
    if (block.fork() != fork) {
      return Optional.of(
          "block of fork " + block.fork().jsonName() + " at a " + fork.jsonName() + " slot");
    }
    final Optional<String> revealRefusal = randaoRefusal(slot, proposer, block.randaoReveal());
    if (revealRefusal.isPresent()) {
      return revealRefusal;
    }
    if (block.feeRecipient().isPresent()
        && !block.feeRecipient().get().equals(config.feeRecipient())) {
      return Optional.of(
          "block pays fee recipient " + block.feeRecipient().get().toHex() + ", not the cluster's");
    }
    if (block.blinded() && !config.builder()) {
      return Optional.of("blinded block, but the cluster does not use a builder");
    }
    return context
        .slashingRefusal()
        .apply(new SigningRequest.Block(proposer, slot, block.signingRoot(context.signingRoots())));
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final ProposalBlock block = ProposalBlock.decode(schemas, decided);
    return List.of(
        new SigningRequest.Block(
            validators.get(0), slot, block.signingRoot(context.signingRoots())));
  }

  @Override
  public CompletableFuture<SubmitReport> submit(
      final long slot, final byte[] decided, final List<Combined> signed) {
    final ProposalBlock block = ProposalBlock.decode(schemas, decided);
    final Combined signature = signed.get(0);
    return context
        .beacon()
        .call(PublishBlock.of(schemas, block, Bytes.of(signature.signature().toBytes())))
        .thenApply(status -> SubmitReport.ACCEPTED);
  }

  @Override
  public long deadlineMillis(final long slot) {
    return context.clock().slotStartMillis(slot + 1);
  }
}
