package io.dvc.p2p.bench;

import io.dvc.p2p.P2PStream;
import io.dvc.p2p.ProtocolHandler;
import io.dvc.p2p.StreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /dvc/sink/1.0.0} (same as the js harness): the listener counts bytes until the writer
 * half-closes, answers with the 8-byte big-endian total and closes.
 */
public final class SinkProtocol {
  public static final String PROTOCOL_ID = "/dvc/sink/1.0.0";

  private SinkProtocol() {}

  public static ProtocolHandler handler() {
    return stream -> {
      final long[] total = {0};
      stream.setListener(
          new StreamListener() {
            @Override
            public void onData(final P2PStream s, final ByteBuf data) {
              total[0] += data.readableBytes();
            }

            @Override
            public void onRemoteClose(final P2PStream s) {
              s.write(Unpooled.buffer(8).writeLong(total[0]));
              s.closeWrite();
            }
          });
    };
  }

  /** Reads the sink's 8-byte answer. */
  public static CompletableFuture<Long> answer(final P2PStream stream) {
    final CompletableFuture<Long> result = new CompletableFuture<>();
    final ByteBuf acc = Unpooled.buffer(8);
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(final P2PStream s, final ByteBuf data) {
            acc.writeBytes(data, Math.min(data.readableBytes(), acc.writableBytes()));
            if (acc.readableBytes() == 8) {
              result.complete(acc.readLong());
            }
          }

          @Override
          public void onRemoteClose(final P2PStream s) {
            result.completeExceptionally(
                new IllegalStateException("sink closed without an answer"));
          }

          @Override
          public void onReset(final P2PStream s) {
            result.completeExceptionally(new IllegalStateException("sink stream reset"));
          }
        });
    return result;
  }
}
