package io.dvc.slashing;

import io.dvc.slashing.SlashingSchema.AttestationKey;
import io.dvc.slashing.SlashingSchema.BlockKey;
import io.dvc.storage.Durability;
import io.dvc.storage.KvStore;
import io.dvc.storage.KvTransaction;
import io.dvc.storage.KvWriteBatch;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slashing protection for the validators of one chain (one genesis_validators_root). Every
 * check-and-record is one atomic step: an allowed request is durably recorded (synced write) before
 * the decision is returned. Calls for the same validator are serialized; calls for different
 * validators run in parallel. The rules themselves live in {@link AttestationRules} and {@link
 * BlockRules}.
 */
public final class SlashingProtection {
  private final KvStore store;
  private final SlashingHistory history;
  private final ValidatorLocks locks = new ValidatorLocks();

  /** Write-through copy of each validator's state; changed only under its lock, after commit. */
  private final Map<Pubkey, ValidatorState> states = new ConcurrentHashMap<>();

  private volatile Optional<Root> genesisValidatorsRoot;

  private SlashingProtection(final KvStore store, final Optional<Root> genesisValidatorsRoot) {
    this.store = store;
    this.history = new SlashingHistory(store);
    this.genesisValidatorsRoot = genesisValidatorsRoot;
  }

  /**
   * Opens protection for the chain {@code genesisValidatorsRoot}, binding a new database to it.
   *
   * @throws SlashingProtectionException when the database is bound to another chain
   */
  public static SlashingProtection open(final KvStore store, final Root genesisValidatorsRoot) {
    final Optional<Root> bound = boundGenesisValidatorsRoot(store);
    if (bound.isPresent() && !bound.get().equals(genesisValidatorsRoot)) {
      throw new SlashingProtectionException(
          "slashing protection database "
              + store.location()
              + " belongs to genesis_validators_root "
              + bound.get()
              + ", not "
              + genesisValidatorsRoot);
    }
    if (bound.isEmpty()) {
      try (KvTransaction transaction = store.startTransaction()) {
        bind(transaction, genesisValidatorsRoot);
        transaction.commit(Durability.SYNCED);
      }
    }
    return new SlashingProtection(store, Optional.of(genesisValidatorsRoot));
  }

  /**
   * Opens protection for whatever chain the database is bound to, if any (for the import and export
   * commands); an unbound database is bound by its first import.
   */
  public static SlashingProtection openExisting(final KvStore store) {
    return new SlashingProtection(store, boundGenesisValidatorsRoot(store));
  }

  /** The chain the database belongs to, if it is bound yet. */
  public static Optional<Root> boundGenesisValidatorsRoot(final KvStore store) {
    return store.get(SlashingSchema.METADATA, SlashingSchema.GENESIS_VALIDATORS_ROOT).map(Root::of);
  }

  static void bind(final KvTransaction transaction, final Root genesisValidatorsRoot) {
    transaction.put(
        SlashingSchema.METADATA,
        SlashingSchema.GENESIS_VALIDATORS_ROOT,
        genesisValidatorsRoot.toBytes());
  }

  public Optional<Root> genesisValidatorsRoot() {
    return genesisValidatorsRoot;
  }

  /** Checks a block proposal and, when allowed and new, records it durably first. */
  public SigningDecision checkAndRecordBlock(final BlockSigningRequest request) {
    requireBound();
    return locks.call(List.of(request.pubkey()), () -> recordBlock(request));
  }

  private SigningDecision recordBlock(final BlockSigningRequest request) {
    final ValidatorState state = cachedState(request.pubkey());
    final Optional<SignedBlockRecord> heldAtSlot =
        BlockRules.needsHistory(state, request)
            ? history.blockAt(request.pubkey(), request.slot())
            : Optional.empty();
    final SigningDecision decision = BlockRules.check(request, state, heldAtSlot);
    if (decision.status() == SigningDecision.Status.ALLOWED) {
      final ValidatorState updated = state.withBlock(request.slot());
      try (KvWriteBatch batch = store.startWriteBatch()) {
        batch.put(
            SlashingSchema.BLOCKS,
            new BlockKey(request.pubkey(), request.slot()),
            Optional.of(request.signingRoot()));
        batch.commit(Durability.SYNCED);
      }
      states.put(request.pubkey(), updated);
    }
    return decision;
  }

  /** What {@link #checkAndRecordBlock} would decide now; records nothing (a dry run). */
  public SigningDecision wouldAllowBlock(final BlockSigningRequest request) {
    requireBound();
    return locks.call(
        List.of(request.pubkey()),
        () -> {
          final ValidatorState state = cachedState(request.pubkey());
          return BlockRules.check(
              request,
              state,
              BlockRules.needsHistory(state, request)
                  ? history.blockAt(request.pubkey(), request.slot())
                  : Optional.empty());
        });
  }

  /** What {@link #checkAndRecordAttestation} would decide now; records nothing (a dry run). */
  public SigningDecision wouldAllowAttestation(final AttestationSigningRequest request) {
    final ValidatorState state = state(request.pubkey());
    return AttestationRules.check(
        request,
        state,
        AttestationRules.needsHistory(state, request)
            ? signedAttestations(request.pubkey())
            : List.of());
  }

  /** Checks one attestation and, when allowed and new, records it durably first. */
  public SigningDecision checkAndRecordAttestation(final AttestationSigningRequest request) {
    return checkAndRecordAttestations(List.of(request)).get(0).decision();
  }

  /**
   * Checks and records many validators' attestations (typically one slot's) with one synced write.
   * Decisions are in request order; a validator listed twice sees its earlier request. Nothing is
   * returned unless every allowed request is durable.
   */
  public List<AttestationDecision> checkAndRecordAttestations(
      final List<AttestationSigningRequest> requests) {
    requireBound();
    final List<Pubkey> pubkeys =
        List.copyOf(
            new LinkedHashSet<>(requests.stream().map(AttestationSigningRequest::pubkey).toList()));
    return locks.call(pubkeys, () -> recordAttestations(requests, pubkeys));
  }

  private List<AttestationDecision> recordAttestations(
      final List<AttestationSigningRequest> requests, final List<Pubkey> pubkeys) {
    try (KvWriteBatch batch = store.startWriteBatch()) {
      final Map<Pubkey, ValidatorState> working = cachedStates(pubkeys);
      final Map<Pubkey, List<SignedAttestationRecord>> recorded = new HashMap<>();
      final List<AttestationDecision> decisions = new ArrayList<>(requests.size());
      for (final AttestationSigningRequest request : requests) {
        decisions.add(decide(request, working, recorded, batch));
      }
      if (!batch.isEmpty()) {
        batch.commit(Durability.SYNCED);
        for (final Pubkey pubkey : recorded.keySet()) {
          states.put(pubkey, working.get(pubkey));
        }
      }
      return List.copyOf(decisions);
    }
  }

  private ValidatorState cachedState(final Pubkey pubkey) {
    return states.computeIfAbsent(pubkey, history::state);
  }

  /** States of many validators; the ones not cached yet are read with one multi-get. */
  private Map<Pubkey, ValidatorState> cachedStates(final List<Pubkey> pubkeys) {
    final Map<Pubkey, ValidatorState> result = new HashMap<>(pubkeys.size() * 2);
    final List<Pubkey> missing = new ArrayList<>();
    for (final Pubkey pubkey : pubkeys) {
      final ValidatorState state = states.get(pubkey);
      if (state == null) {
        missing.add(pubkey);
      } else {
        result.put(pubkey, state);
      }
    }
    if (!missing.isEmpty()) {
      final Map<Pubkey, ValidatorState> loaded = history.states(missing);
      states.putAll(loaded);
      result.putAll(loaded);
    }
    return result;
  }

  private AttestationDecision decide(
      final AttestationSigningRequest request,
      final Map<Pubkey, ValidatorState> working,
      final Map<Pubkey, List<SignedAttestationRecord>> recorded,
      final KvWriteBatch batch) {
    final Pubkey pubkey = request.pubkey();
    final ValidatorState state = working.get(pubkey);
    final List<SignedAttestationRecord> held = new ArrayList<>();
    if (AttestationRules.needsHistory(state, request)) {
      held.addAll(history.attestationsWithTargetFrom(pubkey, request.sourceEpoch()));
      held.addAll(recorded.getOrDefault(pubkey, List.of()));
    }
    final SigningDecision decision = AttestationRules.check(request, state, held);
    if (decision.status() == SigningDecision.Status.ALLOWED) {
      batch.put(
          SlashingSchema.ATTESTATIONS,
          new AttestationKey(pubkey, request.targetEpoch(), request.sourceEpoch()),
          Optional.of(request.signingRoot()));
      working.put(pubkey, state.withAttestation(request.sourceEpoch(), request.targetEpoch()));
      recorded
          .computeIfAbsent(pubkey, key -> new ArrayList<>())
          .add(
              new SignedAttestationRecord(
                  request.sourceEpoch(),
                  request.targetEpoch(),
                  Optional.of(request.signingRoot())));
    }
    return new AttestationDecision(request, decision);
  }

  /**
   * Imports an EIP-3076 v5 interchange, all or nothing, merging it with the history held and
   * raising (never lowering) the low watermarks.
   *
   * @param sourceName names the input in error messages (a file name)
   * @throws InterchangeFormatException naming the field when the input is malformed or refused
   */
  public InterchangeV5Importer.Result importInterchange(
      final InputStream input, final String sourceName) {
    return locks.callExclusive(
        () -> {
          final InterchangeV5Importer.Result result =
              new InterchangeV5Importer(store, genesisValidatorsRoot).run(input, sourceName);
          states.clear();
          genesisValidatorsRoot = Optional.of(result.genesisValidatorsRoot());
          return result;
        });
  }

  /** Writes the complete history held as an EIP-3076 v5 interchange. */
  public InterchangeV5Exporter.Result exportInterchange(final OutputStream output) {
    final Root root =
        genesisValidatorsRoot.orElseThrow(
            () ->
                new SlashingProtectionException(
                    "slashing protection database "
                        + store.location()
                        + " is empty: it has no genesis_validators_root yet"));
    return locks.callExclusive(() -> new InterchangeV5Exporter(history, root).write(output));
  }

  /**
   * Deletes history older than the configured retention, raising watermarks to cover it. Stops
   * early, between validators, when the thread is interrupted.
   */
  public SlashingPruner.Result prune(final PruningConfig config) {
    final SlashingPruner pruner = new SlashingPruner(store, history, config);
    long blocks = 0;
    long attestations = 0;
    final List<Pubkey> validators = history.validators();
    for (final Pubkey pubkey : validators) {
      if (Thread.currentThread().isInterrupted()) {
        break; // shutting down: the others wait for the next run
      }
      final SlashingPruner.Result result =
          locks.call(
              List.of(pubkey),
              () -> {
                states.remove(pubkey);
                return pruner.prune(pubkey);
              });
      blocks += result.deletedBlocks();
      attestations += result.deletedAttestations();
    }
    return new SlashingPruner.Result(blocks, attestations);
  }

  /** The validator's state (watermarks and maxima). */
  public ValidatorState state(final Pubkey pubkey) {
    return locks.call(List.of(pubkey), () -> cachedState(pubkey));
  }

  /** The validator's blocks held, by slot. */
  public List<SignedBlockRecord> signedBlocks(final Pubkey pubkey) {
    return List.copyOf(history.blocks(pubkey));
  }

  /** The validator's attestations held, by (target, source). */
  public List<SignedAttestationRecord> signedAttestations(final Pubkey pubkey) {
    return List.copyOf(history.attestations(pubkey));
  }

  private void requireBound() {
    if (genesisValidatorsRoot.isEmpty()) {
      throw new SlashingProtectionException(
          "slashing protection database "
              + store.location()
              + " has no genesis_validators_root; open it for a chain first");
    }
  }
}
