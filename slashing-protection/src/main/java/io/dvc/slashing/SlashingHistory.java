package io.dvc.slashing;

import io.dvc.slashing.SlashingSchema.AttestationKey;
import io.dvc.slashing.SlashingSchema.BlockKey;
import io.dvc.storage.KvColumn;
import io.dvc.storage.KvEntry;
import io.dvc.storage.KvIterator;
import io.dvc.storage.KvStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Reads a validator's state and history from the store (the I/O half of the rules). */
final class SlashingHistory {
  private final KvStore store;

  SlashingHistory(final KvStore store) {
    this.store = store;
  }

  /**
   * The validator's state: the stored part (watermarks, and maxima written by imports and pruning)
   * completed with the newest block and attestation held. Signing writes only the record, never the
   * state, so a batch writes one entry per validator. The newest attestation (greatest target, then
   * greatest source) carries the greatest source of all locally signed ones: a record with a
   * smaller target and a greater source would be surrounded by it, which the rules never allow.
   */
  ValidatorState state(final Pubkey pubkey) {
    return complete(
        pubkey, store.get(SlashingSchema.VALIDATORS, pubkey).orElse(ValidatorState.EMPTY));
  }

  /** Many states, the stored parts read with one multi-get. */
  Map<Pubkey, ValidatorState> states(final List<Pubkey> pubkeys) {
    final List<Optional<ValidatorState>> values = store.getAll(SlashingSchema.VALIDATORS, pubkeys);
    final Map<Pubkey, ValidatorState> states = new HashMap<>(pubkeys.size() * 2);
    for (int i = 0; i < pubkeys.size(); i++) {
      final Pubkey pubkey = pubkeys.get(i);
      states.put(pubkey, complete(pubkey, values.get(i).orElse(ValidatorState.EMPTY)));
    }
    return states;
  }

  private ValidatorState complete(final Pubkey pubkey, final ValidatorState stored) {
    ValidatorState state = stored;
    final Optional<KvEntry<AttestationKey, Optional<Root>>> newestAttestation =
        store.findLast(
            SlashingSchema.ATTESTATIONS,
            pubkey.bytesUnsafe(),
            new AttestationKey(pubkey, -1L, -1L));
    if (newestAttestation.isPresent()) {
      final AttestationKey key = newestAttestation.get().key();
      state = state.withAttestation(key.sourceEpoch(), key.targetEpoch());
    }
    final Optional<KvEntry<BlockKey, Optional<Root>>> newestBlock =
        store.findLast(SlashingSchema.BLOCKS, pubkey.bytesUnsafe(), new BlockKey(pubkey, -1L));
    if (newestBlock.isPresent()) {
      state = state.withBlock(newestBlock.get().key().slot());
    }
    return state;
  }

  Optional<SignedBlockRecord> blockAt(final Pubkey pubkey, final long slot) {
    return store
        .get(SlashingSchema.BLOCKS, new BlockKey(pubkey, slot))
        .map(root -> new SignedBlockRecord(slot, root));
  }

  List<SignedBlockRecord> blocks(final Pubkey pubkey) {
    final List<SignedBlockRecord> blocks = new ArrayList<>();
    try (KvIterator<BlockKey, Optional<Root>> iterator =
        store.iteratePrefix(SlashingSchema.BLOCKS, pubkey.bytesUnsafe())) {
      while (iterator.hasNext()) {
        final KvEntry<BlockKey, Optional<Root>> entry = iterator.next();
        blocks.add(new SignedBlockRecord(entry.key().slot(), entry.value()));
      }
    }
    return blocks;
  }

  List<SignedAttestationRecord> attestations(final Pubkey pubkey) {
    final List<SignedAttestationRecord> attestations = new ArrayList<>();
    try (KvIterator<AttestationKey, Optional<Root>> iterator =
        store.iteratePrefix(SlashingSchema.ATTESTATIONS, pubkey.bytesUnsafe())) {
      while (iterator.hasNext()) {
        final KvEntry<AttestationKey, Optional<Root>> entry = iterator.next();
        attestations.add(
            new SignedAttestationRecord(
                entry.key().sourceEpoch(), entry.key().targetEpoch(), entry.value()));
      }
    }
    return attestations;
  }

  /**
   * The attestations that can conflict with a request whose source is {@code sourceEpoch}: those
   * with target >= source. A held (s1, t1) with t1 < s cannot be a double vote (t1 != t), cannot
   * surround the request (that needs t1 > t >= s) and can only be surrounded by it if s1 > s > t1,
   * an inverted record, which only an import can bring; an import raises the source watermark to at
   * least s1, so such a request is refused by the watermark before history is consulted.
   */
  List<SignedAttestationRecord> attestationsWithTargetFrom(
      final Pubkey pubkey, final long sourceEpoch) {
    final List<SignedAttestationRecord> attestations = new ArrayList<>();
    try (KvIterator<AttestationKey, Optional<Root>> iterator =
        store.iteratePrefixFrom(
            SlashingSchema.ATTESTATIONS,
            pubkey.bytesUnsafe(),
            new AttestationKey(pubkey, sourceEpoch, 0))) {
      while (iterator.hasNext()) {
        final KvEntry<AttestationKey, Optional<Root>> entry = iterator.next();
        attestations.add(
            new SignedAttestationRecord(
                entry.key().sourceEpoch(), entry.key().targetEpoch(), entry.value()));
      }
    }
    return attestations;
  }

  /**
   * Every validator with a stored state or any record, in key order. Records are skip-scanned: one
   * seek per validator, not one step per record.
   */
  List<Pubkey> validators() {
    final TreeSet<Pubkey> pubkeys = new TreeSet<>();
    try (KvIterator<Pubkey, ValidatorState> iterator =
        store.iterateAll(SlashingSchema.VALIDATORS)) {
      while (iterator.hasNext()) {
        pubkeys.add(iterator.next().key());
      }
    }
    Optional<Pubkey> next = Optional.of(Pubkey.of(new byte[Pubkey.LENGTH]));
    while (next.isPresent()) {
      final Optional<Pubkey> found =
          firstPubkeyFrom(SlashingSchema.BLOCKS, new BlockKey(next.get(), 0));
      found.ifPresent(pubkeys::add);
      next = found.flatMap(SlashingHistory::successor);
    }
    next = Optional.of(Pubkey.of(new byte[Pubkey.LENGTH]));
    while (next.isPresent()) {
      final Optional<Pubkey> found =
          firstPubkeyFrom(SlashingSchema.ATTESTATIONS, new AttestationKey(next.get(), 0, 0));
      found.ifPresent(pubkeys::add);
      next = found.flatMap(SlashingHistory::successor);
    }
    return List.copyOf(pubkeys);
  }

  private <K> Optional<Pubkey> firstPubkeyFrom(
      final KvColumn<K, Optional<Root>> column, final K from) {
    try (KvIterator<K, Optional<Root>> iterator =
        store.iteratePrefixFrom(column, new byte[0], from)) {
      if (!iterator.hasNext()) {
        return Optional.empty();
      }
      final K key = iterator.next().key();
      return Optional.of(
          key instanceof BlockKey block ? block.pubkey() : ((AttestationKey) key).pubkey());
    }
  }

  /** The next 48-byte value in unsigned order, if any. */
  private static Optional<Pubkey> successor(final Pubkey pubkey) {
    final byte[] bytes = pubkey.toBytes();
    for (int i = bytes.length - 1; i >= 0; i--) {
      bytes[i]++;
      if (bytes[i] != 0) {
        return Optional.of(Pubkey.of(bytes));
      }
    }
    return Optional.empty();
  }
}
