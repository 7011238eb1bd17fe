package io.dvc.dkg.net;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.messaging.Messaging;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ordered queue of encoded messages to one peer. Messages leave one at a time, in order; a send
 * that fails (peer not connected yet, connection lost) is retried after {@link #RETRY_MILLIS} or
 * when the peer connects. All methods run on the ceremony's single thread.
 */
final class PeerOutbox {
  static final long RETRY_MILLIS = 200;

  private final PeerId peer;
  private final String protocol;
  private final Messaging messaging;
  private final Executor loop;
  private final ScheduledExecutorService timer;
  private final Deque<byte[]> queue = new ArrayDeque<>();
  private boolean inFlight;
  private boolean retryScheduled;
  private long bytesSent;

  PeerOutbox(
      final PeerId peer,
      final String protocol,
      final Messaging messaging,
      final Executor loop,
      final ScheduledExecutorService timer) {
    this.peer = peer;
    this.protocol = protocol;
    this.messaging = messaging;
    this.loop = loop;
    this.timer = timer;
  }

  void enqueue(final byte[] message) {
    queue.add(message);
    flush();
  }

  boolean isEmpty() {
    return queue.isEmpty() && !inFlight;
  }

  long bytesSent() {
    return bytesSent;
  }

  void flush() {
    if (inFlight || queue.isEmpty() || !messaging.connectedPeers().contains(peer)) {
      if (!inFlight && !queue.isEmpty()) {
        scheduleRetry();
      }
      return;
    }
    inFlight = true;
    final byte[] next = queue.peek();
    messaging
        .send(peer, protocol, next)
        .whenComplete(
            (ok, error) ->
                loop.execute(
                    () -> {
                      inFlight = false;
                      if (error == null) {
                        queue.poll();
                        bytesSent += next.length;
                        flush();
                      } else {
                        scheduleRetry();
                      }
                    }));
  }

  private void scheduleRetry() {
    if (retryScheduled) {
      return;
    }
    retryScheduled = true;
    timer.schedule(
        () ->
            loop.execute(
                () -> {
                  retryScheduled = false;
                  flush();
                }),
        RETRY_MILLIS,
        TimeUnit.MILLISECONDS);
  }
}
