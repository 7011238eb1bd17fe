package io.dvc.node.duties.exit;

import io.dvc.bls.BlsPublicKey;
import io.dvc.node.beacon.api.SubmitVoluntaryExit;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import io.dvc.p2p.crypto.PeerPublicKey;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedVoluntaryExit;
import io.dvc.spec.types.VoluntaryExit;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Voluntary exits without consensus: an operator's signed {@link ExitRequest} names the validator,
 * the exit epoch and the slot at whose start every node signs. The requesting node checks it and
 * relays it to every other operator; each node checks it again (the operator's identity-key
 * signature against the lock, the chain, the validator, how far ahead the epoch lies, its own
 * {@code --exits-allowed}) and only then lets its share sign {@code VoluntaryExit{epoch, index}}
 * under the EIP-7044 domain (through the slashing-protected signer, which signs it as unslashable).
 * The partials are exchanged and combined as for any duty; the combined exit goes to every beacon
 * node ({@code POST /eth/v1/beacon/pool/voluntary_exits}) and is kept for {@link #status}.
 */
public final class ExitPlugin implements DutyPlugin {
  /** The p2p protocol that carries exit requests between operators. */
  public static final String PROTOCOL = "/dvc/exit/1.0.0";

  private final PluginContext context;
  private final ExitConfig config;
  private final NodeEnvironment.PeerMessaging messaging;
  private final Map<Bytes, Long> indexOfKey = new HashMap<>();
  private final TreeMap<Long, TreeMap<Long, Long>> pending = new TreeMap<>();
  private final Map<Long, ExitStatus> statuses = new HashMap<>();

  ExitPlugin(
      final PluginContext context,
      final ExitConfig config,
      final NodeEnvironment.PeerMessaging messaging) {
    this.context = context;
    this.config = config;
    this.messaging = messaging;
    context.validators().forEach((index, key) -> indexOfKey.put(Bytes.of(key.toBytes()), index));
    messaging.handle(PROTOCOL, this::onPeerRequest);
  }

  /**
   * The plug-in factory for the pipeline; {@code created} receives the plug-in (for the node's exit
   * endpoint).
   */
  public static Function<PluginContext, DutyPlugin> factory(
      final ExitConfig config,
      final NodeEnvironment.PeerMessaging messaging,
      final Consumer<ExitPlugin> created) {
    return context -> {
      final ExitPlugin plugin = new ExitPlugin(context, config, messaging);
      created.accept(plugin);
      return plugin;
    };
  }

  /**
   * A request from this node's own operator: checked, registered and relayed to every other
   * operator. Returns the one-line reason when refused (nothing is then signed or sent).
   */
  public Optional<String> requestLocally(final ExitRequest request) {
    final Optional<String> refusal = accept(request);
    if (refusal.isPresent()) {
      return refusal;
    }
    final byte[] bytes = request.toBytes();
    for (final int operator : config.operatorKeys().keySet()) {
      if (operator != config.selfIndex()) {
        messaging.send(operator, PROTOCOL, bytes);
      }
    }
    context
        .log()
        .info(
            "exit of validator {} at epoch {} requested by operator {}; relayed to the cluster,"
                + " signing at slot {}",
            indexOfKey.get(request.pubkey()),
            request.epoch(),
            request.operator(),
            request.slot());
    return refusal;
  }

  /** What this node knows of a validator's exit. */
  public Optional<ExitStatus> status(final long validatorIndex) {
    return Optional.ofNullable(statuses.get(validatorIndex));
  }

  /** What an operator's exit command needs to build a request. */
  public record Info(
      Bytes genesisValidatorsRoot,
      long currentSlot,
      long currentEpoch,
      long slotsPerEpoch,
      Map<Long, BlsPublicKey> validators) {}

  public Info info() {
    return new Info(
        context.schedule().genesisValidatorsRoot(),
        context.clock().currentSlot(),
        context.clock().currentEpoch(),
        context.clock().slotsPerEpoch(),
        context.validators());
  }

  private void onPeerRequest(final int fromOperator, final byte[] bytes) {
    final ExitRequest request;
    try {
      request = ExitRequest.fromBytes(bytes);
    } catch (final IllegalArgumentException e) {
      context
          .log()
          .warn("operator {} sent a malformed exit request: {}", fromOperator, e.getMessage());
      return;
    }
    final Optional<String> refusal = accept(request);
    if (refusal.isPresent()) {
      context
          .log()
          .warn("refused the exit request relayed by operator {}: {}", fromOperator, refusal.get());
    } else {
      context
          .log()
          .info(
              "exit of validator {} at epoch {} requested by operator {}: signing at slot {}",
              indexOfKey.get(request.pubkey()),
              request.epoch(),
              request.operator(),
              request.slot());
    }
  }

  private Optional<String> accept(final ExitRequest request) {
    final Optional<String> refusal = refusal(request);
    if (refusal.isPresent()) {
      return refusal;
    }
    final long validator = indexOfKey.get(request.pubkey());
    final ExitStatus known = statuses.get(validator);
    if (known != null && known.epoch() == request.epoch() && known.slot() == request.slot()) {
      return Optional.empty(); // the same request again
    }
    if (known != null
        && known.state().equals("pending")
        && known.slot() + 2 >= context.clock().currentSlot()) {
      return Optional.of(
          "an exit of validator "
              + validator
              + " is under way (signing at slot "
              + known.slot()
              + ")");
    }
    pending.computeIfAbsent(request.slot(), s -> new TreeMap<>()).put(validator, request.epoch());
    statuses.put(validator, ExitStatus.pending(validator, request.epoch(), request.slot()));
    return Optional.empty();
  }

  /** Why this node refuses the request, in one line; empty when it signs. */
  Optional<String> refusal(final ExitRequest request) {
    final PeerPublicKey key = config.operatorKeys().get(request.operator());
    if (key == null) {
      return Optional.of("operator " + request.operator() + " is not an operator of this cluster");
    }
    if (!request.signedBy(key)) {
      return Optional.of(
          "the request is not signed by operator "
              + request.operator()
              + "'s identity key (forged, or signed by a key that is not an operator's)");
    }
    if (!request.genesisValidatorsRoot().equals(context.schedule().genesisValidatorsRoot())) {
      return Optional.of(
          "the request is for another chain (genesis validators root "
              + request.genesisValidatorsRoot().toHex()
              + ")");
    }
    if (!config.allowed()) {
      return Optional.of("this operator does not sign exits (--exits-allowed=false)");
    }
    if (!indexOfKey.containsKey(request.pubkey())) {
      return Optional.of(
          "validator " + request.pubkey().toHex() + " is not a validator of this cluster's lock");
    }
    final long currentEpoch = context.clock().currentEpoch();
    if (request.epoch() > currentEpoch + config.maxFutureEpochs()) {
      return Optional.of(
          "exit epoch "
              + request.epoch()
              + " is beyond what this node allows (current epoch "
              + currentEpoch
              + ", at most "
              + config.maxFutureEpochs()
              + " ahead: --exit-max-future-epochs)");
    }
    final long currentSlot = context.clock().currentSlot();
    if (request.slot() < currentSlot) {
      return Optional.of(
          "its signing slot " + request.slot() + " has passed (current slot " + currentSlot + ")");
    }
    if (request.slot() > currentSlot + context.clock().slotsPerEpoch()) {
      return Optional.of(
          "its signing slot "
              + request.slot()
              + " is more than an epoch ahead (current slot "
              + currentSlot
              + ")");
    }
    return Optional.empty();
  }

  @Override
  public DutyType type() {
    return DutyType.VOLUNTARY_EXIT;
  }

  @Override
  public SlotOffset offset() {
    return SlotOffset.START;
  }

  @Override
  public boolean needsConsensus() {
    return false;
  }

  @Override
  public CompletableFuture<Void> ensureLoaded(final long epoch) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void prune(final long beforeEpoch) {
    pending.headMap(context.clock().firstSlotOf(beforeEpoch)).clear();
  }

  @Override
  public List<Long> validatorsAt(final long slot) {
    return List.copyOf(pending.getOrDefault(slot, new TreeMap<>()).keySet());
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    return List.copyOf(
        pending
            .subMap(context.clock().firstSlotOf(epoch), context.clock().firstSlotOf(epoch + 1))
            .keySet());
  }

  /** The value: (validator index, exit epoch) of each validator exiting at the slot. */
  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    final Map<Long, Long> epochs = pending.getOrDefault(slot, new TreeMap<>());
    final ByteBuffer value = ByteBuffer.allocate(16 * validators.size());
    for (final long validator : validators) {
      value.putLong(validator).putLong(epochs.getOrDefault(validator, -1L));
    }
    return CompletableFuture.completedFuture(value.array());
  }

  @Override
  public Optional<String> check(
      final long slot,
      final List<Long> validators,
      final Optional<byte[]> own,
      final byte[] proposed) {
    return Optional.of("voluntary exits need no consensus");
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    final long currentEpoch = context.clock().epochOf(slot);
    final List<SigningRequest> requests = new ArrayList<>();
    decode(decided)
        .forEach(
            (validator, epoch) -> {
              if (epoch >= 0 && context.validators().containsKey(validator)) {
                requests.add(
                    new SigningRequest.Unslashable(
                        validator,
                        context
                            .signingRoots()
                            .voluntaryExit(new VoluntaryExit(epoch, validator), currentEpoch),
                        "voluntary_exit"));
              }
            });
    return requests;
  }

  @Override
  public CompletableFuture<SubmitReport> submit(
      final long slot, final byte[] decided, final List<Combined> signed) {
    final Map<Long, Long> epochs = decode(decided);
    final Map<Long, CompletableFuture<String>> results = new HashMap<>();
    for (final Combined c : signed) {
      final long epoch = epochs.get(c.validatorIndex());
      final SignedVoluntaryExit exit =
          new SignedVoluntaryExit(
              new VoluntaryExit(epoch, c.validatorIndex()), Bytes.of(c.signature().toBytes()));
      results.put(
          c.validatorIndex(),
          context
              .beacon()
              .call(new SubmitVoluntaryExit(exit))
              .handleAsync((accepted, error) -> record(exit, slot, error), context.loop()));
    }
    return CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              final Map<Long, SubmitReport.Failure> failures = new HashMap<>();
              results.forEach(
                  (validator, result) -> {
                    if (!result.join().isEmpty()) {
                      failures.put(
                          validator,
                          new SubmitReport.Failure(FailureReason.SUBMIT_ERROR, result.join()));
                    }
                  });
              return new SubmitReport(failures);
            });
  }

  /** Keeps the combined exit and the beacon nodes' answer; returns the refusal or "". */
  private String record(final SignedVoluntaryExit exit, final long slot, final Throwable error) {
    final long validator = exit.message().validatorIndex();
    final long epoch = exit.message().epoch();
    if (error == null) {
      statuses.put(
          validator, new ExitStatus(validator, epoch, slot, "accepted", Optional.of(exit), ""));
      context.log().info("voluntary exit of validator {} (epoch {}) accepted", validator, epoch);
      return "";
    }
    final String detail = String.valueOf(rootCause(error).getMessage());
    statuses.put(
        validator, new ExitStatus(validator, epoch, slot, "refused", Optional.of(exit), detail));
    context
        .log()
        .warn("voluntary exit of validator {} (epoch {}) refused: {}", validator, epoch, detail);
    return detail;
  }

  @Override
  public long deadlineMillis(final long slot) {
    return context.clock().slotStartMillis(slot + 2);
  }

  private static Map<Long, Long> decode(final byte[] value) {
    final Map<Long, Long> epochs = new TreeMap<>();
    final ByteBuffer buffer = ByteBuffer.wrap(value);
    while (buffer.remaining() >= 16) {
      epochs.put(buffer.getLong(), buffer.getLong());
    }
    return epochs;
  }

  private static Throwable rootCause(final Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
