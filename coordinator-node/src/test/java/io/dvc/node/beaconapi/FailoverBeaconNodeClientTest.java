package io.dvc.node.beaconapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FailoverBeaconNodeClientTest {

  /** A beacon node that answers or fails every call, and remembers what was submitted. */
  private static final class FakeNode implements BeaconNodeClient {
    final String name;
    final boolean healthy;
    final List<JsonNode> submitted = new ArrayList<>();
    final SubmitResult result;

    FakeNode(final String name, final boolean healthy) {
      this(name, healthy, SubmitResult.ACCEPTED);
    }

    FakeNode(final String name, final boolean healthy, final SubmitResult result) {
      this.name = name;
      this.healthy = healthy;
      this.result = result;
    }

    private <T> CompletableFuture<T> answer(final T value) {
      return healthy
          ? CompletableFuture.completedFuture(value)
          : CompletableFuture.failedFuture(new BeaconApiException(name + " down", 503));
    }

    @Override
    public CompletableFuture<Genesis> genesis() {
      return answer(new Genesis(1, new byte[32], new byte[4]));
    }

    @Override
    public CompletableFuture<JsonNode> spec() {
      return answer(JsonNodeFactory.instance.textNode(name));
    }

    @Override
    public CompletableFuture<JsonNode> syncing() {
      return answer(JsonNodeFactory.instance.textNode(name));
    }

    @Override
    public CompletableFuture<List<ValidatorInfo>> validators(final Collection<String> ids) {
      return answer(List.of());
    }

    @Override
    public CompletableFuture<AttesterDuties> attesterDuties(
        final long epoch, final Collection<Long> indices) {
      return answer(new AttesterDuties(new byte[32], List.of()));
    }

    @Override
    public CompletableFuture<JsonNode> attestationData(final long slot, final long index) {
      return answer(JsonNodeFactory.instance.textNode(name));
    }

    @Override
    public CompletableFuture<SubmitResult> submitAttestations(
        final String version, final JsonNode body) {
      submitted.add(body);
      return answer(result);
    }

    @Override
    public CompletableFuture<Void> subscribeToBeaconCommittees(final JsonNode body) {
      return answer(null);
    }
  }

  @Test
  void readsTakeTheFirstGoodAnswerInOrder() {
    final FailoverBeaconNodeClient client =
        new FailoverBeaconNodeClient(
            List.of(new FakeNode("a", false), new FakeNode("b", true), new FakeNode("c", true)));
    assertThat(client.attestationData(1, 0).join().asText()).isEqualTo("b");
  }

  @Test
  void readsFailNamingEveryNodeWhenAllFail() {
    final FailoverBeaconNodeClient client =
        new FailoverBeaconNodeClient(List.of(new FakeNode("a", false), new FakeNode("b", false)));
    assertThatThrownBy(() -> client.spec().join())
        .hasRootCauseInstanceOf(BeaconApiException.class)
        .hasMessageContaining("a down")
        .hasMessageContaining("b down");
  }

  @Test
  void writesGoToEveryNodeAndSucceedWhenOneAccepts() {
    final FakeNode down = new FakeNode("a", false);
    final FakeNode up = new FakeNode("b", true);
    final FailoverBeaconNodeClient client = new FailoverBeaconNodeClient(List.of(down, up));
    client.submitAttestations("electra", JsonNodeFactory.instance.arrayNode()).join();
    assertThat(down.submitted).hasSize(1);
    assertThat(up.submitted).hasSize(1);
  }

  @Test
  void writesFailWhenEveryNodeRefuses() {
    final FailoverBeaconNodeClient client =
        new FailoverBeaconNodeClient(List.of(new FakeNode("a", false), new FakeNode("b", false)));
    assertThatThrownBy(
            () -> client.submitAttestations("electra", JsonNodeFactory.instance.arrayNode()).join())
        .hasMessageContaining("every beacon node refused");
  }

  @Test
  void anElementIsRejectedOnlyWhenEveryNodeRejectedIt() {
    final FailoverBeaconNodeClient client =
        new FailoverBeaconNodeClient(
            List.of(
                new FakeNode("a", true, new SubmitResult(Map.of(0, "a: bad", 2, "a: late"))),
                new FakeNode("b", false),
                new FakeNode("c", true, new SubmitResult(Map.of(2, "c: late", 3, "c: bad")))));

    final SubmitResult result =
        client.submitAttestations("electra", JsonNodeFactory.instance.arrayNode()).join();

    assertThat(result.rejected()).containsExactly(Map.entry(2, "a: late"));
  }

  @Test
  void aBadRequestListingFailuresBecomesPerElementRejections() {
    final JsonNode body =
        json(
            "{\"code\":400,\"message\":\"some failed\",\"failures\":"
                + "[{\"index\":1,\"message\":\"invalid signature\"},{\"index\":\"3\",\"message\":\"x\"}]}");
    final BeaconApiException error = new BeaconApiException("http://bn: HTTP 400", 400, body);

    assertThat(HttpBeaconNodeClient.perElementFailures(error, 4))
        .contains(new SubmitResult(Map.of(1, "invalid signature", 3, "x")));
  }

  @Test
  void otherErrorsAndFailuresOutsideTheArrayStayWholeRequestErrors() {
    final JsonNode outside = json("{\"failures\":[{\"index\":4,\"message\":\"x\"}]}");
    final JsonNode none = json("{\"code\":400,\"message\":\"bad body\"}");

    assertThat(
            HttpBeaconNodeClient.perElementFailures(
                new BeaconApiException("HTTP 400", 400, outside), 4))
        .isEmpty();
    assertThat(
            HttpBeaconNodeClient.perElementFailures(
                new BeaconApiException("HTTP 400", 400, none), 4))
        .isEmpty();
    assertThat(
            HttpBeaconNodeClient.perElementFailures(
                new BeaconApiException("HTTP 500", 500, outside), 9))
        .isEmpty();
  }

  private static JsonNode json(final String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (final java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
