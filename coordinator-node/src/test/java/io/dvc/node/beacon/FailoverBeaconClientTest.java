package io.dvc.node.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailoverBeaconClientTest {
  private static final Duration HEDGE = Duration.ofMillis(300);
  private static final Duration MEMORY = Duration.ofSeconds(60);

  private final ManualRunner runner = new ManualRunner();
  private final ScriptedBeaconNode a = new ScriptedBeaconNode("http://a");
  private final ScriptedBeaconNode b = new ScriptedBeaconNode("http://b");
  private final ScriptedBeaconNode c = new ScriptedBeaconNode("http://c");
  private final FailoverBeaconClient client =
      new FailoverBeaconClient(
          List.of(a, b, c),
          runner,
          runner::nanoTime,
          new FailoverBeaconClient.Options(HEDGE, MEMORY));
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  /** A read whose answer is the {@code data} string; "wrong" fails validation. */
  private static final class Read implements BeaconRequest<String> {
    @Override
    public Kind kind() {
      return Kind.READ;
    }

    @Override
    public HttpForm form() {
      return HttpForm.get("/eth/v1/test");
    }

    @Override
    public String read(final BeaconAnswer answer) {
      final String data = answer.data(endpoint()).asText();
      if (data.equals("wrong")) {
        throw new BeaconApiException(answer.node() + endpoint() + ": data for another slot", 200);
      }
      return data;
    }
  }

  /** A POST whose older form is a GET. */
  private static final class Newer extends BaseRead {
    Newer() {
      super(
          HttpForm.postJson("/eth/v1/new", "[]", Map.of()),
          Optional.of(new BaseRead(HttpForm.get("/eth/v1/old?id=1"), Optional.empty())));
    }
  }

  private static class BaseRead implements BeaconRequest<String> {
    private final HttpForm form;
    private final Optional<BeaconRequest<String>> older;

    BaseRead(final HttpForm form, final Optional<BeaconRequest<String>> older) {
      this.form = form;
      this.older = older;
    }

    @Override
    public Kind kind() {
      return Kind.READ;
    }

    @Override
    public HttpForm form() {
      return form;
    }

    @Override
    public String read(final BeaconAnswer answer) {
      return answer.data(endpoint()).asText();
    }

    @Override
    public Optional<BeaconRequest<String>> olderForm() {
      return older;
    }
  }

  private static final class Write implements BeaconRequest<String> {
    @Override
    public Kind kind() {
      return Kind.WRITE;
    }

    @Override
    public HttpForm form() {
      return HttpForm.postJson("/eth/v1/write", "{}", Map.of());
    }

    @Override
    public String read(final BeaconAnswer answer) {
      return answer.data(endpoint()).asText();
    }
  }

  @AfterEach
  void detachLog() {
    ((Logger) LoggerFactory.getLogger(FailoverBeaconClient.class)).detachAppender(log);
  }

  private static String failure(final CompletableFuture<?> future) {
    assertThat(future).isCompletedExceptionally();
    try {
      future.join();
      throw new AssertionError("not failed");
    } catch (final CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(BeaconApiException.class);
      return e.getCause().getMessage();
    }
  }

  @Test
  void aReadTakesThePreferredNodesAnswerAndAsksNoOther() {
    assertThat(client.call(new Read())).isCompletedWithValue("http://a");
    assertThat(b.asked()).isEmpty();
    assertThat(c.asked()).isEmpty();
  }

  @Test
  void aFailedNodeIsFollowedAtOnceByTheNext() {
    a.answering(503, "{\"code\":503,\"message\":\"syncing\"}");
    assertThat(client.call(new Read())).isCompletedWithValue("http://b");
    assertThat(runner.nanoTime()).isZero();
  }

  /** Audit finding 4: a wrong answer from the first node used to fail the duty. */
  @Test
  void anAnswerThatFailsValidationCountsAsThatNodesFailureAndTheNextIsAsked() {
    a.answering(200, "{\"data\":\"wrong\"}");
    assertThat(client.call(new Read())).isCompletedWithValue("http://b");
    assertThat(client.isHealthy("http://a")).isFalse();
    assertThat(client.isHealthy("http://b")).isTrue();
  }

  @Test
  void anAnswerThatIsNotJsonCountsAsThatNodesFailure() {
    a.answering(200, "<html>");
    assertThat(client.call(new Read())).isCompletedWithValue("http://b");
  }

  /** Audit finding 4: a node that never answers used to cost the full timeout on every read. */
  @Test
  void aSlowPreferredNodeIsHedgedAfterTheDelayAndTheFirstGoodAnswerWins() {
    a.holding();
    final CompletableFuture<String> result = client.call(new Read());
    runner.advance(HEDGE.minusMillis(1));
    assertThat(result).isNotDone();
    assertThat(b.asked()).isEmpty();
    runner.advance(Duration.ofMillis(1));
    assertThat(result).isCompletedWithValue("http://b");
    assertThat(c.asked()).isEmpty();
    a.complete(0, 200, "{\"data\":\"late\"}");
    assertThat(result.join()).isEqualTo("http://b");
  }

  @Test
  void thePreferredNodeStillWinsWhenItAnswersBeforeTheHedgedOne() {
    a.holding();
    b.holding();
    final CompletableFuture<String> result = client.call(new Read());
    runner.advance(HEDGE);
    assertThat(b.asked()).hasSize(1);
    a.complete(0, 200, "{\"data\":\"from a\"}");
    assertThat(result).isCompletedWithValue("from a");
    runner.advance(HEDGE.multipliedBy(3));
    assertThat(c.asked()).isEmpty();
  }

  @Test
  void hedgingGoesOnToTheThirdNodeWhenTheFirstTwoAreSlow() {
    a.holding();
    b.holding();
    final CompletableFuture<String> result = client.call(new Read());
    runner.advance(HEDGE.multipliedBy(2));
    assertThat(result).isCompletedWithValue("http://c");
  }

  @Test
  void aNodeThatFailedIsAskedLastUntilItAnswersAgainOrItsFailureIsOld() {
    a.answering(500, "{\"message\":\"boom\"}");
    client.call(new Read()).join();
    a.answering(200, "{\"data\":\"a is back\"}");
    assertThat(client.call(new Read())).isCompletedWithValue("http://b");
    assertThat(a.asked()).hasSize(1);

    runner.advance(MEMORY);
    assertThat(client.call(new Read())).isCompletedWithValue("a is back");
  }

  @Test
  void oneSuccessMakesAFailedNodeHealthyAgain() {
    a.answering(500, "{\"message\":\"boom\"}");
    client.call(new Read()).join();
    assertThat(client.isHealthy("http://a")).isFalse();
    a.answering(200, "{\"data\":\"ok\"}");
    client.call(new Write()).join();
    assertThat(client.isHealthy("http://a")).isTrue();
    assertThat(client.call(new Read())).isCompletedWithValue("ok");
  }

  /** Audit finding 7: a beacon node's error text cannot forge log lines. */
  @Test
  void whenEveryNodeFailsTheErrorNamesEachNodeWithItsEscapedReason() {
    a.answering(500, "{\"message\":\"boom\\n12:00:00 INFO forged line\"}");
    b.down("connection refused");
    c.answering(200, "{\"data\":\"wrong\"}");
    final String message = failure(client.call(new Read()));
    assertThat(message)
        .startsWith("every beacon node failed /eth/v1/test: ")
        .contains("http://a/eth/v1/test: HTTP 500 boom\\n12:00:00 INFO forged line")
        .contains("http://b: connection refused")
        .contains("http://c/eth/v1/test: data for another slot")
        .doesNotContain("\n");
  }

  @Test
  void aNewerFormAnswered404IsRetriedInItsOlderFormAtOnceAndRemembered() {
    ((Logger) LoggerFactory.getLogger(FailoverBeaconClient.class)).addAppender(log);
    log.start();
    a.behaving(
        form ->
            CompletableFuture.completedFuture(
                form.method().equals("POST")
                    ? a.answer(
                        404,
                        "{\"message\":\"Route POST:/eth/v1/new not found\",\"error\":\"Not Found\","
                            + "\"statusCode\":404}")
                    : a.answer(200, "{\"data\":\"older\"}")));
    assertThat(client.call(new Newer())).isCompletedWithValue("older");
    assertThat(client.call(new Newer())).isCompletedWithValue("older");
    assertThat(a.askedPaths())
        .containsExactly("POST /eth/v1/new", "GET /eth/v1/old?id=1", "GET /eth/v1/old?id=1");
    assertThat(b.asked()).isEmpty();
    assertThat(log.list).hasSize(1);
    assertThat(log.list.get(0).getLevel()).isEqualTo(Level.INFO);
    assertThat(log.list.get(0).getFormattedMessage())
        .isEqualTo(
            "beacon node http://a answered HTTP 404 to POST /eth/v1/new;"
                + " using GET /eth/v1/old with it from now on");
    assertThat(client.call(new Newer())).isCompletedWithValue("older");
    assertThat(log.list).hasSize(1);
  }

  @Test
  void aNewerFormAnswered405IsRetriedInItsOlderForm() {
    a.behaving(
        form ->
            CompletableFuture.completedFuture(
                form.method().equals("POST")
                    ? a.answer(405, "{\"message\":\"Method Not Allowed\"}")
                    : a.answer(200, "{\"data\":\"older\"}")));
    assertThat(client.call(new Newer())).isCompletedWithValue("older");
  }

  @Test
  void a404WithoutAnOlderFormIsThatNodesFailure() {
    a.answering(404, "{\"message\":\"not found\"}");
    assertThat(client.call(new Read())).isCompletedWithValue("http://b");
    assertThat(a.asked()).hasSize(1);
  }

  @Test
  void aWriteGoesToEveryNodeAndSucceedsWhenOneAccepts() {
    a.down("refused");
    b.answering(400, "{\"message\":\"bad\"}");
    assertThat(client.call(new Write())).isCompletedWithValue("http://c");
    assertThat(a.asked()).hasSize(1);
    assertThat(b.asked()).hasSize(1);
    assertThat(c.asked()).hasSize(1);
  }

  @Test
  void aWriteThatEveryNodeRefusesFailsNamingEach() {
    a.down("refused");
    b.answering(400, "{\"message\":\"bad\"}");
    c.answering(503, "{\"message\":\"syncing\"}");
    assertThat(failure(client.call(new Write())))
        .isEqualTo(
            "every beacon node refused /eth/v1/write: http://a: refused;"
                + " http://b/eth/v1/write: HTTP 400 bad; http://c/eth/v1/write: HTTP 503 syncing");
  }

  @Test
  void callEachWaitsForEveryNodeWhenAllAnswer() {
    b.answering(200, "{\"data\":\"wrong\"}");
    final CompletableFuture<List<NodeResult<String>>> each =
        client.callEach(new Read(), Duration.ofMillis(500));
    assertThat(each).isDone();
    final List<NodeResult<String>> results = each.join();
    assertThat(results)
        .extracting(NodeResult::node)
        .containsExactly("http://a", "http://b", "http://c");
    assertThat(results.get(0).value()).contains("http://a");
    assertThat(results.get(1).error())
        .hasValueSatisfying(e -> assertThat(e).contains("another slot"));
  }

  @Test
  void callEachLeavesOutNodesSlowerThanTheSoftDeadlineAfterTheFirstGoodAnswer() {
    a.holding();
    c.holding();
    final CompletableFuture<List<NodeResult<String>>> each =
        client.callEach(new Read(), Duration.ofMillis(500));
    runner.advance(Duration.ofMillis(499));
    c.complete(0, 200, "{\"data\":\"c in time\"}");
    assertThat(each).isNotDone();
    runner.advance(Duration.ofMillis(1));
    assertThat(each.join())
        .extracting(r -> r.value().orElseThrow())
        .containsExactly("http://b", "c in time");
  }

  @Test
  void callEachFailsWhenNoNodeAnswersWell() {
    a.down("refused");
    b.down("refused");
    c.answering(200, "{\"data\":\"wrong\"}");
    assertThat(failure(client.callEach(new Read(), Duration.ofMillis(500))))
        .startsWith("every beacon node failed /eth/v1/test: http://a: refused");
  }
}
