package io.dvc.slashing;

import io.dvc.slashing.SlashingSchema.AttestationKey;
import io.dvc.slashing.SlashingSchema.BlockKey;
import io.dvc.storage.Durability;
import io.dvc.storage.KvStore;
import io.dvc.storage.KvTransaction;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports an EIP-3076 v5 interchange into one write batch that is committed (synced) only after the
 * whole file was read and checked: all or nothing. Records merge with the history held (two records
 * for the same slot, or the same source and target, keep a root only when they agree), and every
 * validator in the file ends with its low watermarks at the highest slot, source and target known
 * for it — never lower than before (EIP-3076's minimal strategy; README-slashing.md). Slashable
 * data inside the file is accepted: it only raises the watermarks.
 */
public final class InterchangeV5Importer implements InterchangeV5Reader.Sink {

  /** What an import changed. */
  public record Result(
      Root genesisValidatorsRoot, int validators, long blocks, long attestations) {}

  private final KvStore store;
  private final SlashingHistory history;
  private final Optional<Root> boundRoot;
  private final Map<Pubkey, ValidatorState> touched = new HashMap<>();
  private KvTransaction transaction;
  private String sourceName;
  private Optional<Root> fileRoot = Optional.empty();
  private long blocks;
  private long attestations;

  InterchangeV5Importer(final KvStore store, final Optional<Root> boundRoot) {
    this.store = store;
    this.history = new SlashingHistory(store);
    this.boundRoot = boundRoot;
  }

  Result run(final InputStream input, final String sourceName) {
    this.sourceName = sourceName;
    try (KvTransaction batch = store.startTransaction()) {
      transaction = batch;
      new InterchangeV5Reader(sourceName, this).read(input);
      final Root root = fileRoot.orElseThrow();
      if (boundRoot.isEmpty()) {
        SlashingProtection.bind(batch, root);
      }
      for (final Map.Entry<Pubkey, ValidatorState> entry : touched.entrySet()) {
        batch.put(SlashingSchema.VALIDATORS, entry.getKey(), entry.getValue().raisedToHistory());
      }
      batch.commit(Durability.SYNCED);
      return new Result(root, touched.size(), blocks, attestations);
    }
  }

  @Override
  public void metadata(final Root genesisValidatorsRoot) {
    if (boundRoot.isPresent() && !boundRoot.get().equals(genesisValidatorsRoot)) {
      throw new InterchangeFormatException(
          sourceName
              + ": metadata.genesis_validators_root "
              + genesisValidatorsRoot
              + " differs from "
              + boundRoot.get()
              + " of this database; refusing to import another chain's history");
    }
    fileRoot = Optional.of(genesisValidatorsRoot);
  }

  @Override
  public void validator(
      final Pubkey pubkey,
      final List<SignedBlockRecord> signedBlocks,
      final List<SignedAttestationRecord> signedAttestations) {
    ValidatorState state = touched.get(pubkey);
    if (state == null) {
      state = history.state(pubkey);
    }
    for (final SignedBlockRecord block : signedBlocks) {
      final BlockKey key = new BlockKey(pubkey, block.slot());
      final Optional<Optional<Root>> held = transaction.get(SlashingSchema.BLOCKS, key);
      transaction.put(SlashingSchema.BLOCKS, key, merge(held, block.signingRoot()));
      state = state.withBlock(block.slot());
      blocks++;
    }
    for (final SignedAttestationRecord attestation : signedAttestations) {
      final AttestationKey key =
          new AttestationKey(pubkey, attestation.targetEpoch(), attestation.sourceEpoch());
      final Optional<Optional<Root>> held = transaction.get(SlashingSchema.ATTESTATIONS, key);
      transaction.put(SlashingSchema.ATTESTATIONS, key, merge(held, attestation.signingRoot()));
      state = state.withAttestation(attestation.sourceEpoch(), attestation.targetEpoch());
      attestations++;
    }
    touched.put(pubkey, state);
  }

  /** A root survives a merge only when both sides know it and agree. */
  private static Optional<Root> merge(
      final Optional<Optional<Root>> held, final Optional<Root> imported) {
    if (held.isEmpty()) {
      return imported;
    }
    return held.get().equals(imported) ? imported : Optional.empty();
  }
}
