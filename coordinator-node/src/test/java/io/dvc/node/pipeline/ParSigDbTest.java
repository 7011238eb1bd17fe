package io.dvc.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.BlsSecretKey;
import io.dvc.common.time.FakeTimeProvider;
import io.dvc.common.time.SlotClock;
import io.dvc.node.duty.Duty;
import io.dvc.node.duty.DutyOutcome;
import io.dvc.node.duty.DutyTracker;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.FailureReason;
import io.dvc.node.parsig.PartialSignature;
import io.dvc.node.parsig.PartialSignatureSet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The reason a duty fails with when its partial signatures do not become a submission. */
class ParSigDbTest {
  private static final long GENESIS_MILLIS = 1_000_000_000_000L;
  private static final long SLOT = 3;
  private final FakeTimeProvider time = new FakeTimeProvider(GENESIS_MILLIS + SLOT * 12_000);
  private final SlotClock clock = new SlotClock(GENESIS_MILLIS / 1000, 12, 8, time);
  private final DutyTracker tracker = new DutyTracker(time);
  private final DutyStates states = new DutyStates();
  private final ParSigDb db =
      new ParSigDb(3, List.of(1, 2, 3, 4), states, tracker, clock, LoggerFactory.getLogger("test"));
  private final byte[] root = new byte[32];

  @Test
  void aValidatorWhosePartialsCameFromEveryOperatorIsLateNotMissingPartials() {
    final List<DutyOutcome> outcomes = new ArrayList<>();
    tracker.subscribe(outcomes::add);
    final DutyState state = states.create(new DutyStart(PLUGIN, SLOT, List.of(10L, 11L)), 0).get();
    state.duties().forEach(d -> tracker.started(d, time.currentTimeMillis(), deadline()));
    // validator 10: a partial from every operator (never combined here: no aggregator listens);
    // validator 11: from operators 1 and 2 only
    db.add(set(1, 10, 11));
    db.add(set(2, 10, 11));
    db.add(set(3, 10));
    db.add(set(4, 10));

    time.setMillis(deadline());
    tracker.expire();

    final Map<Long, DutyOutcome> byValidator =
        outcomes.stream().collect(Collectors.toMap(o -> o.duty().validatorIndex(), o -> o));
    assertThat(byValidator.get(10L).failure()).contains(FailureReason.LATE);
    assertThat(byValidator.get(10L).detail()).contains("arrived from every operator");
    assertThat(byValidator.get(11L).failure())
        .contains(FailureReason.INSUFFICIENT_PARTIAL_SIGNATURES);
    assertThat(byValidator.get(11L).detail()).endsWith("operators [3, 4]");
  }

  @Test
  void aMoreSpecificReasonNotedBeforeIsKeptWhenTheLastPartialsArrive() {
    final List<DutyOutcome> outcomes = new ArrayList<>();
    tracker.subscribe(outcomes::add);
    final DutyState state = states.create(new DutyStart(PLUGIN, SLOT, List.of(10L)), 0).get();
    state.duties().forEach(d -> tracker.started(d, time.currentTimeMillis(), deadline()));
    db.add(set(1, 10));
    db.add(set(2, 10));
    db.add(set(3, 10));
    tracker.waitingFor(
        new Duty(DutyType.ATTESTER, SLOT, 10),
        FailureReason.INVALID_SIGNATURE,
        "operator 2's partial did not verify");
    db.add(set(4, 10));

    time.setMillis(deadline());
    tracker.expire();

    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).failure()).contains(FailureReason.INVALID_SIGNATURE);
  }

  private long deadline() {
    return clock.slotStartMillis(SLOT + 1);
  }

  private PartialSignatureSet set(final int operator, final long... validators) {
    final BlsSecretKey share = BlsSecretKey.fromScalar(BigInteger.valueOf(100 + operator));
    return new PartialSignatureSet(
        SLOT,
        DutyType.ATTESTER.code(),
        operator,
        Arrays.stream(validators)
            .mapToObj(v -> new PartialSignature(v, root, share.sign(root)))
            .toList());
  }

  private static final DutyPlugin PLUGIN = new StubPlugin();
}
