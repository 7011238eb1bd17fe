package io.dvc.node.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {
  private final List<String> events = new ArrayList<>();
  private boolean cancelled;

  private EventStreamReader reader(final int maxLine) {
    final EventStreamReader reader =
        new EventStreamReader(maxLine, (event, data) -> events.add(event + "|" + data));
    reader.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(final long n) {}

          @Override
          public void cancel() {
            cancelled = true;
          }
        });
    return reader;
  }

  private static List<ByteBuffer> bytes(final String text) {
    return List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void eventsAreSplitAcrossChunksAndDataLinesJoined() {
    final EventStreamReader reader = reader(100);
    reader.onNext(bytes("event: he"));
    reader.onNext(bytes("ad\r\ndata: {\"a\":\r\ndata:1}\r\n"));
    assertThat(events).isEmpty();
    reader.onNext(bytes("\r\n:comment\n\ndata: plain\n\n"));
    assertThat(events).containsExactly("head|{\"a\":\n1}", "message|plain");
    assertThat(reader.getBody().toCompletableFuture()).isNotDone();
  }

  @Test
  void aLineOverTheBoundCancelsTheStream() {
    final EventStreamReader reader = reader(10);
    reader.onNext(bytes("data: 0123456789"));
    assertThat(cancelled).isTrue();
    assertThat(reader.getBody().toCompletableFuture()).isCompletedExceptionally();
    reader.onNext(bytes("\n\n"));
    assertThat(events).isEmpty();
  }

  @Test
  void anEventOverTheBoundCancelsTheStream() {
    final EventStreamReader reader = reader(10);
    reader.onNext(bytes("data: 12345\ndata: 67890\n"));
    assertThat(cancelled).isTrue();
    assertThat(reader.getBody().toCompletableFuture()).isCompletedExceptionally();
  }
}
