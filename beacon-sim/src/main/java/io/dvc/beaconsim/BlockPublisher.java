package io.dvc.beaconsim;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.Blocks;
import io.dvc.spec.ForkName;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.SszException;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BeaconBlockBody;
import io.dvc.spec.types.BeaconBlockHeader;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.ExecutionPayloadHeader;
import io.dvc.spec.types.SignedBeaconBlock;
import io.dvc.spec.types.SignedBlindedBeaconBlock;
import io.dvc.spec.types.SignedBlockContents;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Publishes signed blocks ({@code publishBlockV2}, {@code publishBlindedBlockV2}) after the checks
 * a beacon node makes before it broadcasts: the form matches Eth-Consensus-Version and the fork of
 * the block's slot, the slot is not in the future, the proposer is the slot's, the signature
 * verifies over the block root with DOMAIN_BEACON_PROPOSER at the block's epoch, the RANDAO reveal
 * verifies, blobs and proofs match the commitments (counts only: KZG is not verified), a blinded
 * block's payload header is one the fake builder made (then unblinded). A correctly signed second
 * block of the same proposer and slot is a double proposal: recorded as slashable, answered 400
 * under {@code broadcast_validation=consensus_and_equivocation}, else 202 (broadcast, not
 * imported). A valid block becomes the chain's head when its slot is still empty and its parent is
 * the head (200); otherwise 202.
 */
final class BlockPublisher {
  private final SimChain chain;
  private final ProposalLedger ledger;
  private final BlockFactory factory;
  private final SigningRoots roots;
  private final LongConsumer onImported;

  BlockPublisher(
      final SimChain chain,
      final ProposalLedger ledger,
      final BlockFactory factory,
      final LongConsumer onImported) {
    this.chain = chain;
    this.ledger = ledger;
    this.factory = factory;
    this.roots = new SigningRoots(chain.schedule());
    this.onImported = onImported;
  }

  /** A parsed publication: the block (unblinded later), its signature and blob sidecar data. */
  private record Submission(
      BeaconBlock fullBlock,
      BlindedBeaconBlock blindedBlock,
      Bytes signature,
      List<Bytes> kzgProofs,
      List<Bytes> blobs) {
    long slot() {
      return fullBlock != null ? fullBlock.slot() : blindedBlock.slot();
    }

    long proposerIndex() {
      return fullBlock != null ? fullBlock.proposerIndex() : blindedBlock.proposerIndex();
    }

    Bytes randaoReveal() {
      return fullBlock != null
          ? fullBlock.body().randaoReveal()
          : blindedBlock.body().randaoReveal();
    }
  }

  /** Handles one publication; throws {@link ApiException} for a refusal (counted). */
  ApiResponse publish(final ApiRequest r, final boolean blinded) {
    ledger.publishRequested();
    try {
      return check(r, blinded);
    } catch (final Refused e) {
      ledger.rejected(e.reason);
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private ApiResponse check(final ApiRequest r, final boolean blinded) {
    final ForkName version;
    final String validation;
    try {
      version = ApiSupport.consensusVersion(r);
      validation = ApiSupport.optional(r, "broadcast_validation").orElse("gossip");
    } catch (final ApiException e) {
      throw new Refused(BlockRejectReason.MALFORMED, e.getMessage());
    }
    if (!List.of("gossip", "consensus", "consensus_and_equivocation").contains(validation)) {
      throw new Refused(BlockRejectReason.MALFORMED, "invalid broadcast_validation: " + validation);
    }
    if (!version.isAtLeast(ForkName.CAPELLA)) {
      throw new Refused(
          BlockRejectReason.WRONG_FORK,
          "Eth-Consensus-Version " + version.jsonName() + " is before capella");
    }
    final Submission s = parse(r, version, blinded);
    final long slot = s.slot();
    final ForkName fork = chain.forkAtSlot(slot);
    if (fork != version) {
      throw new Refused(
          BlockRejectReason.WRONG_FORK,
          "Eth-Consensus-Version "
              + version.jsonName()
              + " does not match fork "
              + fork.jsonName()
              + " of slot "
              + slot);
    }
    if (slot > chain.headSlot() || slot == 0) {
      throw new Refused(
          BlockRejectReason.FUTURE_SLOT,
          "block slot "
              + Long.toUnsignedString(slot)
              + " is not proposable now (clock slot "
              + chain.headSlot()
              + ")");
    }
    final int proposer = chain.proposerIndex(slot);
    if (s.proposerIndex() != proposer) {
      throw new Refused(
          BlockRejectReason.WRONG_PROPOSER,
          "proposer_index "
              + Long.toUnsignedString(s.proposerIndex())
              + " is not the proposer of slot "
              + slot
              + " ("
              + proposer
              + ")");
    }
    final BeaconBlockHeader header =
        s.fullBlock() != null ? roots.header(s.fullBlock()) : roots.header(s.blindedBlock());
    final Bytes root = chain.schedule().schemas().beaconBlockHeader.hashTreeRoot(header);
    final BlsPublicKey key = chain.validators().get(proposer).publicKey();
    if (!verify(key, roots.block(header), s.signature())) {
      throw new Refused(
          BlockRejectReason.INVALID_SIGNATURE,
          "invalid block signature: block "
              + root
              + " at slot "
              + slot
              + " does not verify for validator "
              + proposer);
    }
    if (!verify(key, roots.randaoReveal(chain.epochOf(slot)), s.randaoReveal())) {
      throw new Refused(
          BlockRejectReason.INVALID_RANDAO,
          "randao_reveal of block " + root + " does not verify for validator " + proposer);
    }
    final Bytes executionHash = payloadContent(s, fork);
    final Optional<SlashableProposal> pair = ledger.signed(proposer, header, root);
    if (pair.isPresent()) {
      final String message =
          "equivocation: validator "
              + proposer
              + " already proposed block "
              + pair.get().firstRoot()
              + " at slot "
              + slot;
      if ("consensus_and_equivocation".equals(validation)) {
        throw new Refused(BlockRejectReason.EQUIVOCATION, message);
      }
      ledger.notImported();
      return ApiResponse.error(202, "broadcast but not imported: " + message);
    }
    final CanonicalBlocks.ImportResult result = chain.importBlock(header, root, executionHash);
    switch (result.outcome()) {
      case IMPORTED:
        ledger.imported(root, blinded);
        onImported.accept(slot);
        return ApiResponse.status(200);
      case ALREADY_KNOWN:
        return ApiResponse.status(200);
      default:
        ledger.notImported();
        return ApiResponse.error(202, "broadcast but not imported: " + result.reason());
    }
  }

  /** Checks blobs (full) or unblinds (blinded); returns the execution block hash. */
  private Bytes payloadContent(final Submission s, final ForkName fork) {
    if (s.fullBlock() != null) {
      final BeaconBlockBody body = s.fullBlock().body();
      final List<Bytes> commitments = commitments(body);
      if (fork.isAtLeast(ForkName.DENEB)) {
        final int perBlob = fork.isAtLeast(ForkName.FULU) ? MockExecution.CELLS_PER_EXT_BLOB : 1;
        if (s.blobs().size() != commitments.size()
            || s.kzgProofs().size() != commitments.size() * perBlob) {
          throw new Refused(
              BlockRejectReason.BAD_BLOBS,
              commitments.size()
                  + " blob commitments need as many blobs and "
                  + commitments.size() * perBlob
                  + " kzg_proofs, got "
                  + s.blobs().size()
                  + " blobs and "
                  + s.kzgProofs().size()
                  + " proofs");
        }
      }
      return Blocks.executionPayload(body).orElseThrow().blockHash();
    }
    final ExecutionPayloadHeader header = Blocks.executionPayloadHeader(s.blindedBlock().body());
    final Bytes headerRoot =
        chain
            .schedule()
            .schemas()
            .at(fork)
            .executionPayloadHeader()
            .orElseThrow()
            .hashTreeRoot(header);
    if (factory.unblind(fork, headerRoot).isEmpty()) {
      throw new Refused(
          BlockRejectReason.UNKNOWN_PAYLOAD,
          "the builder has no payload for execution payload header " + headerRoot);
    }
    return header.blockHash();
  }

  private Submission parse(final ApiRequest r, final ForkName version, final boolean blinded) {
    final ForkSchemas schemas = chain.schedule().schemas().at(version);
    try {
      if (blinded) {
        final SignedBlindedBeaconBlock signed =
            r.isSsz()
                ? schemas.signedBlindedBeaconBlock().orElseThrow().deserialize(r.binary())
                : schemas.signedBlindedBeaconBlock().orElseThrow().fromJson(body(r));
        return new Submission(null, signed.message(), signed.signature(), List.of(), List.of());
      }
      if (version.isAtLeast(ForkName.DENEB)) {
        final SignedBlockContents contents =
            r.isSsz()
                ? schemas.signedBlockContents().orElseThrow().deserialize(r.binary())
                : schemas.signedBlockContents().orElseThrow().fromJson(body(r));
        return new Submission(
            contents.signedBlock().message(),
            null,
            contents.signedBlock().signature(),
            contents.kzgProofs(),
            contents.blobs());
      }
      final SignedBeaconBlock signed =
          r.isSsz()
              ? schemas.signedBeaconBlock().deserialize(r.binary())
              : schemas.signedBeaconBlock().fromJson(body(r));
      return new Submission(signed.message(), null, signed.signature(), List.of(), List.of());
    } catch (final SszException | IllegalArgumentException e) {
      throw new Refused(
          BlockRejectReason.MALFORMED,
          "malformed "
              + (blinded ? "SignedBlindedBeaconBlock" : "signed block")
              + " for "
              + version.jsonName()
              + ": "
              + ApiSupport.firstLine(e.getMessage()));
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode body(final ApiRequest r) {
    try {
      return ApiSupport.parseBody(r);
    } catch (final ApiException e) {
      throw new Refused(BlockRejectReason.MALFORMED, e.getMessage());
    }
  }

  private static boolean verify(final BlsPublicKey key, final Bytes root, final Bytes signature) {
    final BlsSignature sig = BlsSignature.fromBytes(signature.toArray());
    return Bls.verify(key, root.toArray(), sig);
  }

  private static List<Bytes> commitments(final BeaconBlockBody body) {
    if (body instanceof io.dvc.spec.types.BeaconBlockBodyElectra b) {
      return b.blobKzgCommitments();
    }
    if (body instanceof io.dvc.spec.types.BeaconBlockBodyDeneb b) {
      return b.blobKzgCommitments();
    }
    return List.of();
  }

  private static final class Refused extends RuntimeException {
    private final String reason;

    Refused(final String reason, final String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
