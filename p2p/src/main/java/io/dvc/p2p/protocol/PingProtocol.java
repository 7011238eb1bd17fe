package io.dvc.p2p.protocol;

import io.dvc.p2p.P2PStream;
import io.dvc.p2p.ProtocolHandler;
import io.dvc.p2p.StreamListener;
import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code /ipfs/ping/1.0.0}: 32 random bytes, echoed back by the peer. */
public final class PingProtocol {
  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
  public static final int PING_LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PingProtocol() {}

  /** Echoes whatever arrives until the peer closes. */
  public static ProtocolHandler handler() {
    return stream ->
        stream.setListener(
            new StreamListener() {
              @Override
              public void onData(final P2PStream s, final ByteBuf data) {
                s.write(data.retain());
              }

              @Override
              public void onRemoteClose(final P2PStream s) {
                s.closeWrite();
              }
            });
  }

  /** Sends one ping on an open stream; completes with the round-trip time. */
  public static CompletableFuture<Duration> ping(
      final CompletableFuture<P2PStream> streamFuture,
      final ScheduledExecutorService scheduler,
      final Duration timeout) {
    final CompletableFuture<Duration> result = new CompletableFuture<>();
    final byte[] payload = new byte[PING_LENGTH];
    RANDOM.nextBytes(payload);
    streamFuture.whenComplete(
        (stream, error) -> {
          if (error != null) {
            result.completeExceptionally(error);
            return;
          }
          final byte[] received = new byte[PING_LENGTH];
          final int[] count = {0};
          final long start = System.nanoTime();
          stream.setListener(
              new StreamListener() {
                @Override
                public void onData(final P2PStream s, final ByteBuf data) {
                  final int n = Math.min(data.readableBytes(), PING_LENGTH - count[0]);
                  data.readBytes(received, count[0], n);
                  count[0] += n;
                  if (count[0] == PING_LENGTH) {
                    if (Arrays.equals(received, payload)) {
                      result.complete(Duration.ofNanos(System.nanoTime() - start));
                    } else {
                      result.completeExceptionally(new IllegalStateException("ping echo differs"));
                    }
                    s.closeWrite();
                  }
                }

                @Override
                public void onRemoteClose(final P2PStream s) {
                  result.completeExceptionally(
                      new IllegalStateException("ping stream closed early"));
                }

                @Override
                public void onReset(final P2PStream s) {
                  result.completeExceptionally(new IllegalStateException("ping stream reset"));
                }
              });
          stream.write(payload.clone());
          result.whenComplete(
              (r, e) -> {
                if (e != null) {
                  stream.reset();
                }
              });
        });
    scheduler.schedule(
        () ->
            result.completeExceptionally(
                new TimeoutException("ping timed out after " + timeout.toMillis() + " ms")),
        timeout.toMillis(),
        TimeUnit.MILLISECONDS);
    return result;
  }
}
