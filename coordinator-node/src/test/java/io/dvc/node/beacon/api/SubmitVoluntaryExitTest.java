package io.dvc.node.beacon.api;

import static io.dvc.node.beacon.api.Recorded.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.node.beacon.BeaconApiException;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedVoluntaryExit;
import io.dvc.spec.types.VoluntaryExit;
import org.junit.jupiter.api.Test;

class SubmitVoluntaryExitTest {
  private final SubmitVoluntaryExit request =
      new SubmitVoluntaryExit(new SignedVoluntaryExit(new VoluntaryExit(2, 7), Bytes.zero(96)));

  @Test
  void anExitTheBeaconNodeHasAlreadyCountsAsAccepted() {
    assertThat(request.read(answer(200, ""))).isEqualTo(Accepted.ACCEPTED);
    // Lodestar 1.5.1: two operators' submissions raced past its pool check
    assertThat(request.read(answer(500, "{\"code\":500,\"message\":\"PublishError.Duplicate\"}")))
        .isEqualTo(Accepted.ACCEPTED);
    // Lodestar 1.5.1: another operator's submission is in its pool already
    assertThat(
            request.read(
                answer(400, "{\"code\":400,\"message\":\"VOLUNTARY_EXIT_ERROR_ALREADY_EXISTS\"}")))
        .isEqualTo(Accepted.ACCEPTED);
  }

  @Test
  void anInvalidExitIsRefused() {
    assertThatThrownBy(
            () ->
                request.read(
                    answer(400, "{\"code\":400,\"message\":\"VOLUNTARY_EXIT_ERROR_INVALID\"}")))
        .isInstanceOf(BeaconApiException.class)
        .hasMessageContaining("VOLUNTARY_EXIT_ERROR_INVALID");
  }
}
