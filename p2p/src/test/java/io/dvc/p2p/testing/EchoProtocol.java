package io.dvc.p2p.testing;

import io.dvc.p2p.P2PStream;
import io.dvc.p2p.ProtocolHandler;
import io.dvc.p2p.StreamListener;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/** A test protocol: the listener echoes every byte and closes when the dialer closes. */
public final class EchoProtocol {
  public static final String PROTOCOL_ID = "/dvc/echo/1.0.0";

  private EchoProtocol() {}

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

  /** Writes {@code payload}, half-closes and collects everything echoed until the peer closes. */
  public static CompletableFuture<byte[]> roundTrip(final P2PStream stream, final byte[] payload) {
    final CompletableFuture<byte[]> result = new CompletableFuture<>();
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(final P2PStream s, final ByteBuf data) {
            final byte[] b = new byte[data.readableBytes()];
            data.readBytes(b);
            received.writeBytes(b);
          }

          @Override
          public void onRemoteClose(final P2PStream s) {
            result.complete(received.toByteArray());
          }

          @Override
          public void onReset(final P2PStream s) {
            result.completeExceptionally(new IllegalStateException("echo stream reset"));
          }
        });
    stream.write(payload.clone());
    stream.closeWrite();
    return result;
  }
}
