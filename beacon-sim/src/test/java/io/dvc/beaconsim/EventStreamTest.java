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

  /** The slots in 1..last whose block is the simulator's own (not a cluster proposal). */
  private List<Long> ownBlockSlots(final long last) {
    final List<Long> slots = new ArrayList<>();
    for (long slot = 1; slot <= last; slot++) {
      if (!fx.sim.chain().isClusterSlot(slot)) {
        slots.add(slot);
      }
    }
    return slots;
  }

  @Test
  void headEventsArriveWithTopicsGivenTwice() throws Exception {
    final BlockingQueue<String[]> queue = open("topics=head&topics=block");
    fx.atSlot(7);
    fx.atSlot(9); // the ticker announces 1..9, including the epoch transition at 8
    // a cluster validator's slot stays empty (no event) until its block is published
    final List<Long> expected = ownBlockSlots(9);
    final List<JsonNode> heads = new ArrayList<>();
    int blocks = 0;
    while (heads.size() < expected.size()) {
      final String[] event = queue.take();
      if ("head".equals(event[0])) {
        heads.add(Json.parse(event[1]));
      } else {
        assertThat(event[0]).isEqualTo("block");
        blocks++;
      }
    }
    assertThat(blocks).isGreaterThanOrEqualTo(expected.size() - 1);
    for (int i = 0; i < heads.size(); i++) {
      final JsonNode head = heads.get(i);
      final long slot = expected.get(i);
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
        // the latest block at or before slot 7
        assertThat(proposerRoot).isEqualTo(fx.sim.chain().blockRoot(7).toHex());
      }
    }
  }

  @Test
  void commaSeparatedTopicsWorkAndUnknownTopicsAreRefused() throws Exception {
    final BlockingQueue<String[]> queue = open("topics=block,head");
    long slot = 3;
    while (ownBlockSlots(slot).size() < 3) {
      slot++;
    }
    fx.atSlot(slot);
    final List<String> names = new ArrayList<>();
    while (names.size() < 6) {
      names.add(queue.take()[0]);
    }
    assertThat(names).containsOnly("head", "block");
    final SimHttp.Response refused = fx.http.get("/eth/v1/events?topics=head&topics=nonsense");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("message").asText()).contains("nonsense");
  }

  @Test
  void aPublishedBlockIsAnnouncedWhenImported() throws Exception {
    long slot = 1;
    while (!fx.sim.chain().isClusterSlot(slot)) {
      slot++;
      assertThat(slot).as("a cluster proposal within 1000 slots").isLessThan(1000);
    }
    fx.atSlot(slot);
    final BlockingQueue<String[]> queue = open("topics=head");
    final ProposerClient client = new ProposerClient(fx);
    final SimHttp.Response produced = client.produce(slot, "");
    assertThat(produced.status()).as(produced.raw()).isEqualTo(200);
    assertThat(client.signAndPublish(client.contents(produced, slot)).status()).isEqualTo(200);
    JsonNode head;
    do {
      head = Json.parse(queue.take()[1]);
    } while (Long.parseLong(head.get("slot").asText()) != slot);
    assertThat(head.get("block").asText()).isEqualTo(client.headRoot());
  }
}
