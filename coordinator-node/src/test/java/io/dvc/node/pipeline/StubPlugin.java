package io.dvc.node.pipeline;

import io.dvc.node.duty.DutyType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An attester-typed plug-in for stage tests: no duties, loads instantly, and fails the test if
 * asked to fetch or submit. Tests override what they exercise.
 */
class StubPlugin implements DutyPlugin {
  @Override
  public DutyType type() {
    return DutyType.ATTESTER;
  }

  @Override
  public SlotOffset offset() {
    return SlotOffset.ONE_THIRD;
  }

  @Override
  public boolean needsConsensus() {
    return true;
  }

  @Override
  public CompletableFuture<Void> ensureLoaded(final long epoch) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void prune(final long beforeEpoch) {}

  @Override
  public List<Long> validatorsAt(final long slot) {
    return List.of();
  }

  @Override
  public List<Long> slotsWithDuties(final long epoch) {
    return List.of();
  }

  @Override
  public CompletableFuture<byte[]> fetch(final long slot, final List<Long> validators) {
    throw new AssertionError("not fetched in this test");
  }

  @Override
  public Optional<String> check(
      final long slot, final List<Long> validators, final Optional<byte[]> own, final byte[] p) {
    return Optional.empty();
  }

  @Override
  public List<SigningRequest> signingRequests(
      final long slot, final List<Long> validators, final byte[] decided) {
    return List.of();
  }

  @Override
  public CompletableFuture<SubmitReport> submit(
      final long slot, final byte[] decided, final List<Combined> signed) {
    throw new AssertionError("not submitted in this test");
  }

  @Override
  public long deadlineMillis(final long slot) {
    return 0;
  }
}
