package io.dvc.node.beacon;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory with a hard size bound: past {@code maxBytes} (or when the
 * {@code Content-Length} already says so) the subscription is cancelled, which closes the
 * connection, and the body fails. {@link #abort} does the same from outside (the exchange timed
 * out). An oversized answer therefore costs at most {@code maxBytes} of heap.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final int maxBytes;
  private final long declaredLength;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final List<byte[]> chunks = new ArrayList<>();
  private Flow.Subscription subscription;
  private boolean finished;
  private long received;

  BoundedBody(final int maxBytes, final long declaredLength) {
    this.maxBytes = maxBytes;
    this.declaredLength = declaredLength;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(final Flow.Subscription subscription) {
    final boolean cancel;
    synchronized (this) {
      this.subscription = subscription;
      cancel = finished || declaredLength > maxBytes;
      if (declaredLength > maxBytes) {
        finished = true;
      }
    }
    if (cancel) {
      subscription.cancel();
      body.completeExceptionally(tooLarge(declaredLength));
    } else {
      subscription.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(final List<ByteBuffer> buffers) {
    Flow.Subscription cancel = null;
    synchronized (this) {
      if (finished) {
        return;
      }
      for (final ByteBuffer buffer : buffers) {
        received += buffer.remaining();
        if (received > maxBytes) {
          finished = true;
          cancel = subscription;
          chunks.clear();
          break;
        }
        final byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        chunks.add(chunk);
      }
    }
    if (cancel != null) {
      cancel.cancel();
      body.completeExceptionally(tooLarge(received));
    }
  }

  @Override
  public void onError(final Throwable error) {
    synchronized (this) {
      finished = true;
      chunks.clear();
    }
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    final byte[] whole;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      whole = new byte[(int) received];
      int offset = 0;
      for (final byte[] chunk : chunks) {
        System.arraycopy(chunk, 0, whole, offset, chunk.length);
        offset += chunk.length;
      }
      chunks.clear();
    }
    body.complete(whole);
  }

  /** Stops reading (the exchange timed out): the connection is closed, not returned to the pool. */
  void abort() {
    final Flow.Subscription cancel;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      chunks.clear();
      cancel = subscription;
    }
    if (cancel != null) {
      cancel.cancel();
    }
    body.completeExceptionally(new IllegalStateException("aborted"));
  }

  private AnswerTooLargeException tooLarge(final long bytes) {
    return new AnswerTooLargeException(maxBytes, bytes);
  }

  /** The answer was larger than the request allows. */
  static final class AnswerTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int maxBytes;

    AnswerTooLargeException(final int maxBytes, final long seen) {
      super("answer larger than " + maxBytes + " bytes (" + seen + " bytes or more)");
      this.maxBytes = maxBytes;
    }

    int maxBytes() {
      return maxBytes;
    }
  }
}
