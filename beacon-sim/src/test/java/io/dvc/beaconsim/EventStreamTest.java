package io.dvc.beaconsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GET /eth/v1/events: server-sent head and block events, topics as a repeated parameter. */
@Timeout(60)
class EventStreamTest {
  private final SimFixture fx = new SimFixture(4, 28, Preset.MINIMAL, ForkName.ELECTRA);
  private final List<Stream<String>> streams = new ArrayList<>();

  @AfterEach
  void close() {
    streams.forEach(Stream::close);
    fx.close();
  }

  /** Opens a stream; events go to the queue as (event name, data) pairs. */
  private BlockingQueue<String[]> open(final String query) throws Exception {
    final HttpResponse<Stream<String>> response =
        fx.http
            .client()
            .send(
                HttpRequest.newBuilder(URI.create(fx.sim.url() + "/eth/v1/events?" + query))
                    .header("Accept", "text/event-stream")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    final BlockingQueue<String[]> queue = new LinkedBlockingQueue<>();
    final Stream<String> lines = response.body();
    streams.add(lines);
    final Thread reader =
        new Thread(
            () -> {
              final String[] event = new String[2];
              try {
                lines.forEach(
                    line -> {
                      if (line.startsWith("event: ")) {
                        event[0] = line.substring(7);
                      } else if (line.startsWith("data: ")) {
                        event[1] = line.substring(6);
                      } else if (line.isEmpty() && event[0] != null) {
                        queue.add(new String[] {event[0], event[1]});
                        event[0] = null;
                      }
                    });
              } catch (final RuntimeException e) {
                // stream closed at the end of the test
              }
            },
            "sse-reader");
    reader.setDaemon(true);
    reader.start();
    while (fx.sim.eventStreamCount() == 0) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return queue;
  }

  @Test
  void headEventsArriveWithTopicsGivenTwice() throws Exception {
    final BlockingQueue<String[]> queue = open("topics=head&topics=block");
    fx.atSlot(7);
    fx.atSlot(9); // the ticker announces 1..9, including the epoch transition at 8
    final List<JsonNode> heads = new ArrayList<>();
    int blocks = 0;
    while (heads.size() < 9) {
      final String[] event = queue.take();
      if ("head".equals(event[0])) {
        heads.add(Json.parse(event[1]));
      } else {
        assertThat(event[0]).isEqualTo("block");
        blocks++;
      }
    }
    assertThat(blocks).isGreaterThanOrEqualTo(8);
    for (int i = 0; i < heads.size(); i++) {
      final JsonNode head = heads.get(i);
      final long slot = i + 1;
      assertThat(head.get("slot").asText()).isEqualTo(Long.toString(slot));
      final String root =
          fx.http.get("/eth/v1/beacon/headers/" + slot).body().at("/data/root").asText();
      assertThat(head.get("block").asText()).isEqualTo(root);
      assertThat(head.get("epoch_transition").asBoolean()).isEqualTo(slot == 8);
      assertThat(head.get("execution_optimistic").asBoolean()).isFalse();
      final long epoch = slot / 8;
      final String genesisRoot =
          fx.http.get("/eth/v1/beacon/headers/0").body().at("/data/root").asText();
      // previous = the dependent root of this epoch's attester duties
      assertThat(head.get("previous_duty_dependent_root").asText())
          .isEqualTo(fx.duties(epoch, 0).get("dependent_root").asText())
          .isEqualTo(genesisRoot);
      // current = the dependent root of this epoch's proposer duties
      final String proposerRoot =
          fx.http
              .get("/eth/v1/validator/duties/proposer/" + epoch)
              .body()
              .get("dependent_root")
              .asText();
      assertThat(head.get("current_duty_dependent_root").asText()).isEqualTo(proposerRoot);
      if (epoch == 1) {
        assertThat(proposerRoot)
            .isEqualTo(fx.http.get("/eth/v1/beacon/headers/7").body().at("/data/root").asText());
      }
    }
  }

  @Test
  void commaSeparatedTopicsWorkAndUnknownTopicsAreRefused() throws Exception {
    final BlockingQueue<String[]> queue = open("topics=block,head");
    fx.atSlot(3);
    final List<String> names = new ArrayList<>();
    while (names.size() < 6) {
      names.add(queue.take()[0]);
    }
    assertThat(names).containsOnly("head", "block");
    final SimHttp.Response refused = fx.http.get("/eth/v1/events?topics=head&topics=nonsense");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("message").asText()).contains("nonsense");
  }
}
