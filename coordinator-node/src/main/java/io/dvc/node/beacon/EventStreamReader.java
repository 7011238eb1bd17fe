package io.dvc.node.beacon;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a server-sent-events body (text/event-stream) as it arrives: splits lines (LF or CRLF) with
 * a hard bound on the line length, and hands complete events to a sink. A line or an event longer
 * than the bound cancels the subscription (closing the connection) and fails the body, so a node
 * that streams without newlines cannot grow the heap.
 */
final class EventStreamReader implements HttpResponse.BodySubscriber<Void> {

  /** Receives each complete event. */
  interface Sink {
    void event(String event, String data);
  }

  private final int maxLineBytes;
  private final Sink sink;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder data = new StringBuilder();
  private String event = "message";
  private Flow.Subscription subscription;
  private boolean finished;
  private volatile long chunks;

  EventStreamReader(final int maxLineBytes, final Sink sink) {
    this.maxLineBytes = maxLineBytes;
    this.sink = sink;
  }

  @Override
  public CompletionStage<Void> getBody() {
    return done;
  }

  @Override
  public void onSubscribe(final Flow.Subscription subscription) {
    final boolean cancel;
    synchronized (this) {
      this.subscription = subscription;
      cancel = finished;
    }
    if (cancel) {
      subscription.cancel();
    } else {
      subscription.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(final List<ByteBuffer> buffers) {
    chunks++;
    synchronized (this) {
      if (finished) {
        return;
      }
    }
    for (final ByteBuffer buffer : buffers) {
      while (buffer.hasRemaining()) {
        final byte b = buffer.get();
        if (b == '\n') {
          if (!lineEnded()) {
            return;
          }
        } else {
          line.write(b);
          if (line.size() > maxLineBytes) {
            fail("a line longer than " + maxLineBytes + " bytes");
            return;
          }
        }
      }
    }
  }

  private boolean lineEnded() {
    final byte[] bytes = line.toByteArray();
    line.reset();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    return line(new String(bytes, 0, length, StandardCharsets.UTF_8));
  }

  /** One line of the protocol: fields until a blank line dispatches the event. */
  boolean line(final String text) {
    if (text.isEmpty()) {
      if (data.length() > 0) {
        final String complete = data.toString();
        data.setLength(0);
        sink.event(event, complete);
      }
      event = "message";
      return true;
    }
    if (text.startsWith(":")) {
      return true; // a comment (keep-alive)
    }
    final int colon = text.indexOf(':');
    final String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("event")) {
      event = value;
    } else if (field.equals("data")) {
      if (data.length() + value.length() + 1 > maxLineBytes) {
        fail("an event longer than " + maxLineBytes + " bytes");
        return false;
      }
      if (data.length() > 0) {
        data.append('\n');
      }
      data.append(value);
    }
    return true;
  }

  private void fail(final String reason) {
    final Flow.Subscription cancel;
    synchronized (this) {
      finished = true;
      cancel = subscription;
    }
    line.reset();
    data.setLength(0);
    if (cancel != null) {
      cancel.cancel();
    }
    done.completeExceptionally(new IllegalStateException("the event stream sent " + reason));
  }

  @Override
  public void onError(final Throwable error) {
    done.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    done.complete(null);
  }

  /** How many chunks have arrived so far (a watchdog compares it over time). */
  long chunksReceived() {
    return chunks;
  }

  /** Closes the stream from outside (the node is shutting down). */
  void cancel() {
    final Flow.Subscription cancel;
    synchronized (this) {
      finished = true;
      cancel = subscription;
    }
    if (cancel != null) {
      cancel.cancel();
    }
    done.complete(null);
  }
}
