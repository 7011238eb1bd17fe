package io.dvc.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.node.beacon.api.ValidatorInfo;
import io.dvc.spec.ssz.Bytes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorStatusTest {
  private static ValidatorInfo info(final long index, final String status) {
    return new ValidatorInfo(index, Bytes.of(new byte[48]), status);
  }

  @Test
  void beaconApiStatusesAreGroupedAndValidatorsTheNodeDoesNotKnowAreUnknown() {
    final Map<String, Integer> counts =
        ValidatorStatus.count(
            9,
            List.of(
                info(0, "pending_initialized"),
                info(1, "pending_queued"),
                info(2, "active_ongoing"),
                info(3, "active_exiting"),
                info(4, "active_slashed"),
                info(5, "exited_unslashed"),
                info(6, "withdrawal_done"),
                info(7, "exited_slashed")));

    assertThat(counts)
        .containsExactly(
            Map.entry("pending", 2),
            Map.entry("active", 1),
            Map.entry("exiting", 1),
            Map.entry("exited", 2),
            Map.entry("slashed", 2),
            Map.entry("unknown", 1));
  }
}
