package io.dvc.node.duties.registration;

import io.dvc.node.beacon.api.RegisterValidator;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.pipeline.Combined;
import io.dvc.node.pipeline.DutyPlugin;
import io.dvc.node.pipeline.PluginContext;
import io.dvc.node.pipeline.SigningRequest;
import io.dvc.node.pipeline.SlotOffset;
import io.dvc.node.pipeline.SubmitReport;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import io.dvc.spec.types.ValidatorRegistrationV1;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.LongStream;

/**
 * Builder registrations ({@code ValidatorRegistrationV1}) without consensus: every node builds the
 * identical message from the lock's fee recipient, the configured gas limit and a timestamp all
 * derive alike (the start of the current {@link RegistrationConfig#PERIOD_EPOCHS}-epoch period),
 * signs it with its share under the builder domain, and the partials are exchanged and combined as
 * for any duty. The combined registration is kept and re-sent unchanged to every beacon node once
 * an epoch, a sixth into its first slot (and when a beacon node reconnects); it is signed again
 * only when its message changes (fee recipient, gas limit, or a new period).
 *
 * <p>The signing is spread over the slots of an epoch (and repeated every {@link #REFRESH_EPOCHS}
 * epochs, so that a node that missed one recovers): the cluster's validators, sorted by index, take
 * the epoch's slots in turn (the i-th at slot {@code i mod SLOTS_PER_EPOCH} of the epoch), and each
 * is signed five sixths into its slot ({@link SlotOffset#LATE}: after the slot's attestations and
 * aggregation, before the next block) when this node holds no combined registration of its current
 * message. Every node derives the same spread from the lock, so the partials meet; and a cluster of
 * 10,000 validators never signs, combines and verifies 10,000 registrations at once (which stalled
 * its attestations). What is held is kept in a {@link RegistrationStore}, so that a restarted node
 * does not need its peers to sign again.
 */
public final class RegistrationPlugin implements DutyPlugin {
  private static final int VALUE_BYTES = 20 + 8 + 8;

  /**
   * Every this many epochs each node signs every registration again at its turn, held or not: a
   * node that once missed combining one (its peers' partials arrived late) would otherwise never
   * get them again, since the others, holding theirs, do not sign again. BLS is deterministic, so
   * the refreshed registration is the same one.
   */
  static final long REFRESH_EPOCHS = 8;

  private final PluginContext context;
  private final RegistrationConfig config;
  private final RegistrationStore store;
  private final Map<Long, SignedValidatorRegistrationV1> held = new HashMap<>();
  private final List<Long> sorted;

  RegistrationPlugin(
      final PluginContext context, final RegistrationConfig config, final RegistrationStore store) {
    this.context = context;
    this.config = config;
    this.store = store;
    this.sorted = context.validators().keySet().stream().sorted().toList();
    final Map<Bytes, Long> indexOfKey = new HashMap<>();
    context.validators().forEach((index, key) -> indexOfKey.put(Bytes.of(key.toBytes()), index));
    for (final SignedValidatorRegistrationV1 kept : store.load()) {
      final Long index = indexOfKey.get(kept.message().pubkey());
      if (index != null) {
        held.put(index, kept);
      }
    }
  }

  /** The plug-in factory for the pipeline; registrations are not kept across restarts. */
  public static Function<PluginContext, DutyPlugin> factory(final RegistrationConfig config) {
    return factory(config, RegistrationStore.NONE);
  }

  /** The plug-in factory, keeping the combined registrations in {@code store}. */
  public static Function<PluginContext, DutyPlugin> factory(
      final RegistrationConfig config, final RegistrationStore store) {
    return context -> new RegistrationPlugin(context, config, store);
  }

  @Override
  public DutyType type() {
    return DutyType.BUILDER_REGISTRATION;
  }

  @Override
  public SlotOffset offset() {
    return SlotOffset.LATE;
  }

  @Override
  public boolean needsConsensus() {
    return false;
  }

  @Override
  public CompletableFuture<Void> ensureLoaded(final long epoch) {
    return CompletableFuture.completedFuture(null);
  }

  /** Each epoch, what is held is re-sent. */
  @Override
  public void refresh(final long epoch) {
    resend(epoch);
  }

  @Override
  public void onBeaconConnected(final String node) {
    resend(context.clock().currentEpoch());
  }

  @Override
  public void prune(final long beforeEpoch) {
    // one registration per validator is held; nothing grows with time
  }

  /** The validators whose turn is this slot and that have no combined registration of its epoch. */
  @Override
  public List<Long> validatorsAt(final long slot) {
    final long slotsPerEpoch = context.clock().slotsPerEpoch();
    final long turn = slot % slotsPerEpoch;
    final long epoch = context.clock().epochOf(slot);
    final List<Long> due = new ArrayList<>();
    for (long i = turn; i < sorted.size(); i += slotsPerEpoch) {
      final long validator = sorted.get((int) i);
      if (current(validator, epoch).isEmpty() || epoch % REFRESH_EPOCHS == 0) {
        due.add(validator);
      }
    }
    return List.copyOf(due);
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    final long first = context.clock().firstSlotOf(epoch);
    final long turns = Math.min(context.clock().slotsPerEpoch(), sorted.size());
    return LongStream.range(first, first + turns).boxed().toList();
  }

  /** The value: fee recipient, gas limit and timestamp (the pubkey is each validator's). */
  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    return CompletableFuture.completedFuture(
        ByteBuffer.allocate(VALUE_BYTES)
            .put(config.feeRecipient().toArray())
            .putLong(config.gasLimit())
            .putLong(timestamp(context.clock().epochOf(slot)))
            .array());
  }

  @Override
  public Optional<String> check(
      final long slot,
      final List<Long> validators,
      final Optional<byte[]> own,
      final byte[] proposed) {
    return Optional.of("builder registrations need no consensus");
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    return validators.stream()
        .filter(context.validators()::containsKey)
        .map(
            v ->
                (SigningRequest)
                    new SigningRequest.Unslashable(
                        v,
                        context.signingRoots().validatorRegistration(message(v, decided)),
                        "validator_registration"))
        .toList();
  }

  @Override
  public CompletableFuture<SubmitReport> submit(
      final long slot, final byte[] decided, final List<Combined> signed) {
    final List<SignedValidatorRegistrationV1> registrations =
        signed.stream()
            .map(
                c ->
                    new SignedValidatorRegistrationV1(
                        message(c.validatorIndex(), decided), Bytes.of(c.signature().toBytes())))
            .toList();
    for (int i = 0; i < signed.size(); i++) {
      held.put(signed.get(i).validatorIndex(), registrations.get(i));
    }
    try {
      store.save(List.copyOf(held.values()));
    } catch (final RuntimeException e) {
      context.log().warn("builder registrations not saved: {}", e.getMessage());
    }
    return context
        .beacon()
        .call(new RegisterValidator(registrations))
        .handle(
            (accepted, error) -> {
              if (error == null) {
                return SubmitReport.ACCEPTED;
              }
              final Map<Long, SubmitReport.Failure> failures = new HashMap<>();
              final String detail = String.valueOf(error.getMessage());
              signed.forEach(
                  c ->
                      failures.put(
                          c.validatorIndex(),
                          new SubmitReport.Failure(FailureReason.SUBMIT_ERROR, detail)));
              return new SubmitReport(failures);
            });
  }

  @Override
  public long deadlineMillis(final long slot) {
    return context.clock().slotStartMillis(slot + 2);
  }

  /** Sends every held registration that is still current (a new period is signed anew first). */
  private void resend(final long epoch) {
    final List<SignedValidatorRegistrationV1> current =
        context.validators().keySet().stream()
            .sorted()
            .map(v -> current(v, epoch))
            .flatMap(Optional::stream)
            .toList();
    if (current.isEmpty()) {
      return;
    }
    context
        .beacon()
        .call(new RegisterValidator(current))
        .exceptionally(
            error -> {
              context
                  .log()
                  .warn(
                      "re-sending {} builder registrations refused: {}",
                      current.size(),
                      error.getMessage());
              return null;
            });
  }

  /** The held registration of a validator if its message is this epoch's. */
  private Optional<SignedValidatorRegistrationV1> current(final long validator, final long epoch) {
    final SignedValidatorRegistrationV1 registration = held.get(validator);
    if (registration == null) {
      return Optional.empty();
    }
    final ValidatorRegistrationV1 message = registration.message();
    return message.feeRecipient().equals(config.feeRecipient())
            && message.gasLimit() == config.gasLimit()
            && message.timestamp() == timestamp(epoch)
        ? Optional.of(registration)
        : Optional.empty();
  }

  /** The start (Unix seconds) of the registration period of an epoch. */
  private long timestamp(final long epoch) {
    final long periodStart = epoch - epoch % RegistrationConfig.PERIOD_EPOCHS;
    return context.clock().slotStartMillis(context.clock().firstSlotOf(periodStart)) / 1000;
  }

  private ValidatorRegistrationV1 message(final long validator, final byte[] value) {
    final ByteBuffer buffer = ByteBuffer.wrap(value);
    final byte[] feeRecipient = new byte[20];
    buffer.get(feeRecipient);
    final long gasLimit = buffer.getLong();
    final long timestamp = buffer.getLong();
    return new ValidatorRegistrationV1(
        Bytes.of(feeRecipient),
        gasLimit,
        timestamp,
        Bytes.of(context.validators().get(validator).toBytes()));
  }
}
