package io.dvc.node.slashing;

import io.dvc.node.slashing.SlashingSchema.AttestationKey;
import io.dvc.node.slashing.SlashingSchema.BlockKey;
import io.dvc.node.storage.KvEntry;
import io.dvc.node.storage.KvIterator;
import io.dvc.node.storage.KvStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a validator's state and history from the store (the I/O half of the rules). */
final class SlashingHistory {
  private final KvStore store;

  SlashingHistory(final KvStore store) {
    this.store = store;
  }

  ValidatorState state(final Pubkey pubkey) {
    return store.get(SlashingSchema.VALIDATORS, pubkey).orElse(ValidatorState.EMPTY);
  }

  /** Many states with one multi-get. */
  Map<Pubkey, ValidatorState> states(final List<Pubkey> pubkeys) {
    final List<Optional<ValidatorState>> values = store.getAll(SlashingSchema.VALIDATORS, pubkeys);
    final Map<Pubkey, ValidatorState> states = new HashMap<>(pubkeys.size() * 2);
    for (int i = 0; i < pubkeys.size(); i++) {
      states.put(pubkeys.get(i), values.get(i).orElse(ValidatorState.EMPTY));
    }
    return states;
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

  List<Pubkey> validators() {
    final List<Pubkey> pubkeys = new ArrayList<>();
    try (KvIterator<Pubkey, ValidatorState> iterator =
        store.iterateAll(SlashingSchema.VALIDATORS)) {
      while (iterator.hasNext()) {
        pubkeys.add(iterator.next().key());
      }
    }
    return pubkeys;
  }
}
