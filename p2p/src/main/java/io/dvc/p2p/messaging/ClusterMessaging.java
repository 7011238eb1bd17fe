package io.dvc.p2p.messaging;

import io.dvc.p2p.Connection;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.P2PStream;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.StreamListener;
import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster messaging over a {@link P2PNetwork}: unsigned-varint length-prefixed messages.
 *
 * <ul>
 *   <li>One-way messages ({@link #send}, {@link #broadcast}) travel on one long-lived outbound
 *       stream per connection and protocol, so their order is kept per sender.
 *   <li>Requests ({@link #request}) open a stream each: request, half-close, one response.
 * </ul>
 *
 * Handlers run on the injected executor. A malformed or oversized message resets that stream and
 * logs one line naming the peer and the reason.
 */
public final class ClusterMessaging implements Messaging {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMessaging.class);

  private record StreamKey(Connection connection, String protocol) {}

  private final P2PNetwork network;
  private final Executor handlerExecutor;
  private final ScheduledExecutorService timer;
  private final int maxMessageSize;
  private final Map<StreamKey, Outbound> outbound = new ConcurrentHashMap<>();
  private final InboundAccounting inbound;

  /** Messaging without per-peer inbound bounds (tests that measure raw delivery). */
  public ClusterMessaging(
      final P2PNetwork network,
      final int maxMessageSize,
      final Executor handlerExecutor,
      final ScheduledExecutorService timer) {
    this(network, maxMessageSize, handlerExecutor, timer, InboundLimits.unbounded());
  }

  /**
   * Messaging whose one-way messages are bounded per peer: a peer's messages over {@code limits}
   * (queued for the handler, or arriving too fast) are dropped.
   */
  public ClusterMessaging(
      final P2PNetwork network,
      final int maxMessageSize,
      final Executor handlerExecutor,
      final ScheduledExecutorService timer,
      final InboundLimits limits) {
    this.network = network;
    this.maxMessageSize = maxMessageSize;
    this.handlerExecutor = handlerExecutor;
    this.timer = timer;
    this.inbound = new InboundAccounting(limits, System::nanoTime);
  }

  /** One-way messages dropped so far by the inbound bounds, per peer that had any. */
  public Map<PeerId, Long> inboundDropped() {
    return inbound.droppedPerPeer();
  }

  @Override
  public PeerId localPeer() {
    return network.localPeerId();
  }

  @Override
  public java.util.Set<PeerId> connectedPeers() {
    return network.connectedPeers();
  }

  /**
   * Whether every open connection to the peer has stalled (a ping unanswered for the network's
   * stall timeout): nothing sent to it arrives for now.
   */
  public boolean stalled(final PeerId peer) {
    return network.stalled(peer);
  }

  /** Whether every open connection to the peer has had a ping unanswered for {@code timeout}. */
  public boolean stalled(final PeerId peer, final Duration timeout) {
    return network.stalled(peer, timeout);
  }

  // ------------------------------------------------------------------ one-way

  @Override
  public void registerHandler(final String protocol, final MessageHandler handler) {
    network.registerProtocol(protocol, stream -> stream.setListener(new MessageReader(handler)));
  }

  /** Sends one message; completes when it is written to the connection. */
  @Override
  public CompletableFuture<Void> send(
      final PeerId peer, final String protocol, final byte[] message) {
    if (message.length > maxMessageSize) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "message of " + message.length + " bytes exceeds " + maxMessageSize));
    }
    final Connection c = network.connection(peer).orElse(null);
    if (c == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + peer));
    }
    final byte[] framed = LengthPrefixedDecoder.frame(message);
    final StallResender r = this.resender;
    if (r != null && r.covers(protocol)) {
      r.beforeSend(peer, c, protocol, framed);
      // A peer whose connections stalled before holds more than one: the copy on a second one
      // arrives unless both stall at once (no cost while a peer has only one connection).
      network.spareConnection(peer, c).ifPresent(s -> outbound(s, protocol).send(framed));
    }
    return outbound(c, protocol).send(framed);
  }

  private volatile StallResender resender;

  /**
   * Keeps the one-way messages of these protocols sent in the last {@code window}, and sends them
   * again on another connection to their peer when the one they went on stalls or closes (see
   * {@link P2PNetwork#stalled}): checked at every send and every {@code window / 30}. They also go
   * on a second open connection that is not stalled when the peer has one ({@link
   * P2PNetwork#spareConnection}): after a stall a peer holds two or three. Only for protocols whose
   * receivers take a repeated message as a duplicate.
   */
  public void resendOnStall(final Set<String> protocols, final Duration window) {
    final StallResender r =
        new StallResender(
            protocols,
            window,
            network,
            (to, protocol, framed) -> outbound(to, protocol).send(framed));
    this.resender = r;
    final long period = Math.max(20, window.toMillis() / 30);
    timer.scheduleWithFixedDelay(r::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /** Per peer: messages sent again because the connection they went on stalled. */
  public Map<PeerId, Long> resent() {
    final StallResender r = this.resender;
    return r == null ? Map.of() : r.resent();
  }

  /** Sends to every connected peer; one future per peer. */
  @Override
  public Map<PeerId, CompletableFuture<Void>> broadcast(
      final String protocol, final byte[] message) {
    final Map<PeerId, CompletableFuture<Void>> results = new LinkedHashMap<>();
    for (final PeerId p : network.connectedPeers()) {
      results.put(p, send(p, protocol, message));
    }
    return results;
  }

  private Outbound outbound(final Connection c, final String protocol) {
    final StreamKey key = new StreamKey(c, protocol);
    while (true) {
      final Outbound existing = outbound.get(key);
      if (existing != null && !existing.isDead()) {
        return existing;
      }
      final Outbound fresh = new Outbound();
      final boolean won =
          existing == null
              ? outbound.putIfAbsent(key, fresh) == null
              : outbound.replace(key, existing, fresh);
      if (won) {
        c.openStream(protocol)
            .whenComplete(
                (s, e) -> {
                  if (e != null) {
                    fresh.failed(e);
                    outbound.remove(key, fresh);
                    return;
                  }
                  s.setListener((st, data) -> {}); // the peer never writes on a message stream
                  s.closeFuture()
                      .whenComplete(
                          (v, x) -> {
                            fresh.failed(new IllegalStateException("message stream closed"));
                            outbound.remove(key, fresh);
                          });
                  fresh.opened(s);
                });
        c.closeFuture().whenComplete((v, x) -> outbound.remove(key));
        return fresh;
      }
    }
  }

  /**
   * The long-lived message stream of one connection and protocol. Messages sent before it is open
   * wait in order; after, writes are submitted under the lock, so the stream sees them in order.
   */
  private static final class Outbound {
    private record Pending(byte[] framed, CompletableFuture<Void> done) {}

    private final List<Pending> waiting = new ArrayList<>();
    private P2PStream stream;
    private Throwable failure;

    synchronized CompletableFuture<Void> send(final byte[] framed) {
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      if (stream != null) {
        return stream.write(framed);
      }
      final CompletableFuture<Void> done = new CompletableFuture<>();
      waiting.add(new Pending(framed, done));
      return done;
    }

    synchronized void opened(final P2PStream s) {
      stream = s;
      for (final Pending p : waiting) {
        s.write(p.framed)
            .whenComplete(
                (v, e) -> {
                  if (e != null) {
                    p.done.completeExceptionally(e);
                  } else {
                    p.done.complete(null);
                  }
                });
      }
      waiting.clear();
    }

    synchronized void failed(final Throwable e) {
      if (failure == null) {
        failure = e;
      }
      waiting.forEach(p -> p.done.completeExceptionally(e));
      waiting.clear();
    }

    synchronized boolean isDead() {
      return failure != null;
    }
  }

  /** Decodes a message stream and hands each message to the handler. */
  private final class MessageReader implements StreamListener {
    private final MessageHandler handler;
    private final LengthPrefixedDecoder decoder = new LengthPrefixedDecoder(maxMessageSize);

    MessageReader(final MessageHandler handler) {
      this.handler = handler;
    }

    @Override
    public void onData(final P2PStream stream, final ByteBuf data) {
      final List<byte[]> messages;
      try {
        messages = decoder.feed(data);
      } catch (final MalformedInputException e) {
        LOG.info(
            "p2p peer {} sent a bad {} message, stream reset: {}",
            stream.remotePeer(),
            stream.protocol(),
            e.getMessage());
        stream.reset();
        return;
      }
      final PeerId from = stream.remotePeer();
      for (final byte[] m : messages) {
        if (!inbound.admit(from, stream.protocol(), m.length)) {
          continue;
        }
        try {
          handlerExecutor.execute(
              () -> {
                try {
                  handler.onMessage(from, m);
                } catch (final RuntimeException e) {
                  LOG.warn(
                      "handler of {} failed on a message from {}: {}",
                      stream.protocol(),
                      from,
                      e.toString());
                } finally {
                  inbound.handled(from, m.length);
                }
              });
        } catch (final java.util.concurrent.RejectedExecutionException e) {
          inbound.handled(from, m.length);
        }
      }
    }

    @Override
    public void onRemoteClose(final P2PStream stream) {
      stream.closeWrite();
    }
  }

  // ------------------------------------------------------------------ request/response

  @Override
  public void registerRequestHandler(final String protocol, final RequestHandler handler) {
    network.registerProtocol(protocol, stream -> stream.setListener(new RequestReader(handler)));
  }

  /** Sends a request and waits for its single response, at most {@code timeout}. */
  @Override
  public CompletableFuture<byte[]> request(
      final PeerId peer, final String protocol, final byte[] request, final Duration timeout) {
    if (request.length > maxMessageSize) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "request of " + request.length + " bytes exceeds " + maxMessageSize));
    }
    final CompletableFuture<byte[]> response = new CompletableFuture<>();
    network
        .newStream(peer, protocol)
        .whenComplete(
            (stream, e) -> {
              if (e != null) {
                response.completeExceptionally(e);
                return;
              }
              final LengthPrefixedDecoder decoder = new LengthPrefixedDecoder(maxMessageSize);
              stream.setListener(
                  new StreamListener() {
                    @Override
                    public void onData(final P2PStream s, final ByteBuf data) {
                      try {
                        final List<byte[]> m = decoder.feed(data);
                        if (!m.isEmpty()) {
                          response.complete(m.get(0));
                        }
                      } catch (final MalformedInputException x) {
                        LOG.info(
                            "p2p peer {} sent a bad {} response: {}",
                            s.remotePeer(),
                            protocol,
                            x.getMessage());
                        response.completeExceptionally(x);
                        s.reset();
                      }
                    }

                    @Override
                    public void onRemoteClose(final P2PStream s) {
                      response.completeExceptionally(
                          new IllegalStateException(
                              protocol + ": " + peer + " closed without a response"));
                    }

                    @Override
                    public void onReset(final P2PStream s) {
                      response.completeExceptionally(
                          new IllegalStateException(protocol + ": stream to " + peer + " reset"));
                    }
                  });
              stream.write(LengthPrefixedDecoder.frame(request));
              stream.closeWrite();
              response.whenComplete(
                  (r, x) -> {
                    if (x != null) {
                      stream.reset();
                    }
                  });
            });
    timer.schedule(
        () ->
            response.completeExceptionally(
                new TimeoutException(
                    protocol
                        + ": no response from "
                        + peer
                        + " within "
                        + timeout.toMillis()
                        + " ms")),
        timeout.toMillis(),
        TimeUnit.MILLISECONDS);
    return response;
  }

  /** Reads one request, answers it and closes. */
  private final class RequestReader implements StreamListener {
    private final RequestHandler handler;
    private final LengthPrefixedDecoder decoder = new LengthPrefixedDecoder(maxMessageSize);
    private boolean answered;

    RequestReader(final RequestHandler handler) {
      this.handler = handler;
    }

    @Override
    public void onData(final P2PStream stream, final ByteBuf data) {
      if (answered) {
        return;
      }
      final List<byte[]> messages;
      try {
        messages = decoder.feed(data);
      } catch (final MalformedInputException e) {
        LOG.info(
            "p2p peer {} sent a bad {} request, stream reset: {}",
            stream.remotePeer(),
            stream.protocol(),
            e.getMessage());
        stream.reset();
        return;
      }
      if (messages.isEmpty()) {
        return;
      }
      answered = true;
      final PeerId from = stream.remotePeer();
      final byte[] request = messages.get(0);
      handlerExecutor.execute(
          () -> {
            final CompletableFuture<byte[]> reply;
            try {
              reply = handler.onRequest(from, request);
            } catch (final RuntimeException e) {
              LOG.warn(
                  "request handler of {} failed for {}: {}", stream.protocol(), from, e.toString());
              stream.reset();
              return;
            }
            reply.whenComplete(
                (r, e) -> {
                  if (e != null || r == null || r.length > maxMessageSize) {
                    stream.reset();
                    return;
                  }
                  stream.write(LengthPrefixedDecoder.frame(r));
                  stream.closeWrite();
                });
          });
    }

    @Override
    public void onRemoteClose(final P2PStream stream) {
      if (!answered) {
        stream.reset();
      }
    }
  }
}
