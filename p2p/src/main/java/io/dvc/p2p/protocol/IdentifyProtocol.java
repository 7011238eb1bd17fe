package io.dvc.p2p.protocol;

import io.dvc.p2p.P2PStream;
import io.dvc.p2p.StreamListener;
import io.dvc.p2p.messaging.LengthPrefixedDecoder;
import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code /ipfs/id/1.0.0}: the listener writes one varint length-prefixed {@link IdentifyMessage}
 * and closes; the dialer reads it.
 */
public final class IdentifyProtocol {
  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
  public static final int MAX_MESSAGE_LENGTH = 64 * 1024;

  private IdentifyProtocol() {}

  /** Serves the message built for each stream. */
  public static void serve(
      final P2PStream stream, final Function<P2PStream, IdentifyMessage> ours) {
    stream.setListener((s, data) -> {});
    stream.write(LengthPrefixedDecoder.frame(ours.apply(stream).encode()));
    stream.closeWrite();
  }

  /** Reads the peer's message from a stream we opened. */
  public static CompletableFuture<IdentifyMessage> read(final P2PStream stream) {
    final CompletableFuture<IdentifyMessage> result = new CompletableFuture<>();
    final LengthPrefixedDecoder decoder = new LengthPrefixedDecoder(MAX_MESSAGE_LENGTH);
    stream.closeWrite();
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(final P2PStream s, final ByteBuf data) {
            if (result.isDone()) {
              return;
            }
            try {
              final List<byte[]> messages = decoder.feed(data);
              if (!messages.isEmpty()) {
                final IdentifyMessage m = IdentifyMessage.decode(messages.get(0));
                if (!m.peerId().equals(s.remotePeer())) {
                  throw new MalformedInputException(
                      "identify: key is not that of " + s.remotePeer());
                }
                result.complete(m);
              }
            } catch (final MalformedInputException e) {
              result.completeExceptionally(e);
              s.reset();
            }
          }

          @Override
          public void onRemoteClose(final P2PStream s) {
            result.completeExceptionally(
                new IllegalStateException("identify: stream closed without a message"));
          }

          @Override
          public void onReset(final P2PStream s) {
            result.completeExceptionally(new IllegalStateException("identify: stream reset"));
          }
        });
    return result;
  }
}
