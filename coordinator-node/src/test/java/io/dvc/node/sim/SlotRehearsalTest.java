package io.dvc.node.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.ssz.Bytes;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlotRehearsalTest {

  @Test
  void everyDutyOfEveryVirtualOperatorSucceedsAfterElectra() {
    final SlotRehearsal.Result result =
        SlotRehearsal.run(schedule(ForkName.ELECTRA), 4, 3, 8, 0, 2);

    assertThat(result.duties()).isEqualTo(2 * 8 * 4);
    assertThat(result.succeeded()).isEqualTo(result.duties());
    assertThat(result.submitted()).isEqualTo(result.duties());
    assertThat(result.allSucceeded()).isTrue();
  }

  @Test
  void beforeElectraTheCommitteeIndexPathSucceedsToo() {
    final SlotRehearsal.Result result =
        SlotRehearsal.run(schedule(ForkName.CAPELLA), 4, 3, 12, 16, 2);

    assertThat(result.allSucceeded()).isTrue();
    assertThat(result.submitted()).isEqualTo(2L * 12 * 4);
  }

  @Test
  void otherClusterShapesRehearseWithTheirOwnThreshold() {
    assertThat(SlotRehearsal.run(schedule(ForkName.ELECTRA), 1, 1, 4, 0, 1).allSucceeded())
        .isTrue();
    assertThat(SlotRehearsal.run(schedule(ForkName.ELECTRA), 7, 5, 4, 0, 1).allSucceeded())
        .isTrue();
  }

  @Test
  void refusesImpossibleShapes() {
    assertThatThrownBy(() -> SlotRehearsal.run(schedule(ForkName.ELECTRA), 3, 4, 4, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlotRehearsal.run(schedule(ForkName.ELECTRA), 4, 3, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A minimal-preset chain whose every fork up to {@code last} is active from genesis. */
  private static ForkSchedule schedule(final ForkName last) {
    final Map<ForkName, Bytes> versions = new EnumMap<>(ForkName.class);
    final Map<ForkName, Long> epochs = new EnumMap<>(ForkName.class);
    for (final ForkName fork : ForkName.values()) {
      versions.put(fork, Bytes.of(new byte[] {(byte) fork.ordinal(), 0, 0, 1}));
      epochs.put(fork, fork.compareTo(last) <= 0 ? 0L : ForkSchedule.FAR_FUTURE_EPOCH);
    }
    return ForkSchedule.of(versions, epochs, Bytes.zero(32), 1_700_000_000L, 6, Preset.MINIMAL);
  }
}
