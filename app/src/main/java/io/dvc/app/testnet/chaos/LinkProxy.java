package io.dvc.app.testnet.chaos;

import io.dvc.common.net.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting TCP proxy on loopback for one ordered link: node {@code from} dials it to reach
 * node {@code to}, and it forwards to {@code to}'s real libp2p port, both directions.
 *
 * <p>What it can honestly do at the TCP level (the sandbox has no {@code tc netem} and no packet
 * filter): the bytes of each direction are forwarded in chunks as they are read (at most 16 KiB).
 * <b>Drop</b>: each chunk is, with probability {@code drop}, treated as a lost packet: it (and,
 * because TCP delivers in order, everything behind it) is delivered only after a retransmission
 * timeout of 200 ms (Linux's minimum RTO), doubling for each further loss drawn for the same chunk
 * (at most 6). No byte is discarded: a TCP stream cannot lose bytes without breaking, so this is
 * what packet loss costs a TCP connection, not the loss itself (no fast retransmit, no congestion
 * window shrink). <b>Jitter</b>: each chunk is additionally held back 0 … jitter ms, uniformly, in
 * order. <b>Cut</b> (partition): open connections are closed and new ones are accepted and closed
 * at once, so both nodes see connection failures and redial. <b>Bandwidth</b>: each direction
 * delivers at most {@code bytesPerSecond}; a chunk waits for the ones before it to be transmitted
 * (a queue of at most 256 chunks, then the sender is held back as by a full TCP window).
 * <b>Hold</b> (one way of a one-way partition): the bytes of one direction are kept, not delivered
 * and not lost, until the fault ends, as TCP keeps retransmitting what a one-way partition
 * swallows; connections stay open and new ones are accepted, but nothing crosses that way (a libp2p
 * handshake then hangs until the node's own timeout).
 */
final class LinkProxy implements AutoCloseable {
  static final long RTO_MILLIS = 200;
  private static final int CHUNK = 16 * 1024;
  private static final int MAX_RETRANSMISSIONS = 6;
  private static final long HOLD_POLL_MILLIS = 20;

  private final int from;
  private final int to;
  private final int targetPort;
  private final long seed;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile LinkFaults faults = LinkFaults.NONE;
  private volatile boolean closed;

  final AtomicLong connections = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong cutConnections = new AtomicLong();
  final AtomicLong chunks = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong lostChunks = new AtomicLong();
  final AtomicLong heldChunks = new AtomicLong();
  final AtomicLong retransmissions = new AtomicLong();
  final AtomicLong addedDelayMillis = new AtomicLong();

  /**
   * Chunks held back at least {@link #STALL_MILLIS} (the connection delivers nothing meanwhile).
   */
  final AtomicLong stalls = new AtomicLong();

  /** The longest hold-back of one chunk, ms. */
  final AtomicLong longestStallMillis = new AtomicLong();

  /** When (epoch ms) the first {@link #STALLS_KEPT} stalls began, and how long each held. */
  final java.util.Queue<long[]> stallTimes = new java.util.concurrent.ConcurrentLinkedQueue<>();

  static final long STALL_MILLIS = 1000;
  private static final int STALLS_KEPT = 64;

  LinkProxy(
      final int from,
      final int to,
      final int targetPort,
      final long seed,
      final LoopbackPorts ports)
      throws IOException {
    this.from = from;
    this.to = to;
    this.targetPort = targetPort;
    this.seed = seed;
    this.server = listen(ports);
    final Thread acceptor = new Thread(this::acceptLoop, "chaos-link-" + from + "-" + to);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * A listening socket on a port not promised to a node that has not bound it yet (the system
   * offers such a port again); refused ones stay bound until a good one is found.
   */
  private static ServerSocket listen(final LoopbackPorts ports) throws IOException {
    final List<ServerSocket> refused = new ArrayList<>();
    try {
      while (true) {
        final ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        if (ports.claim(socket.getLocalPort())) {
          return socket;
        }
        refused.add(socket);
      }
    } finally {
      refused.forEach(LinkProxy::closeQuietly);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  int from() {
    return from;
  }

  int to() {
    return to;
  }

  LinkFaults faults() {
    return faults;
  }

  /** Applies new faults; cutting the link closes its open connections. */
  void setFaults(final LinkFaults next) {
    faults = next;
    if (next.cut()) {
      for (final Socket socket : open) {
        cutConnections.incrementAndGet();
        closeQuietly(socket);
      }
    }
  }

  private void acceptLoop() {
    long connection = 0;
    while (!closed) {
      final Socket inbound;
      try {
        inbound = server.accept();
      } catch (final IOException e) {
        return;
      }
      if (faults.cut()) {
        refused.incrementAndGet();
        closeQuietly(inbound);
        continue;
      }
      connections.incrementAndGet();
      final long id = connection++;
      final Thread connect =
          new Thread(() -> bridge(inbound, id), "chaos-conn-" + from + "-" + to + "-" + id);
      connect.setDaemon(true);
      connect.start();
    }
  }

  private void bridge(final Socket inbound, final long id) {
    final Socket outbound = new Socket();
    try {
      outbound.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
      inbound.setTcpNoDelay(true);
      outbound.setTcpNoDelay(true);
    } catch (final IOException e) {
      closeQuietly(inbound);
      closeQuietly(outbound);
      return;
    }
    open.add(inbound);
    open.add(outbound);
    final Runnable closeBoth =
        () -> {
          open.remove(inbound);
          open.remove(outbound);
          closeQuietly(inbound);
          closeQuietly(outbound);
        };
    if (faults.cut()) {
      cutConnections.incrementAndGet();
      closeBoth.run();
      return;
    }
    final java.util.concurrent.atomic.AtomicInteger ended =
        new java.util.concurrent.atomic.AtomicInteger();
    final Runnable directionEnded =
        () -> {
          if (ended.incrementAndGet() == 2) {
            closeBoth.run();
          }
        };
    pump(
        inbound,
        outbound,
        new SplittableRandom(seed ^ (id * 0x9E3779B97F4A7C15L)),
        closeBoth,
        directionEnded,
        true);
    pump(
        outbound,
        inbound,
        new SplittableRandom(~seed ^ (id * 0xC2B2AE3D27D4EB4FL)),
        closeBoth,
        directionEnded,
        false);
  }

  private record Chunk(byte[] data, long deliverAtNanos) {}

  private static final Chunk END = new Chunk(new byte[0], 0);

  /** One direction: a reader that stamps each chunk's delivery time, a writer that keeps it. */
  private void pump(
      final Socket source,
      final Socket sink,
      final SplittableRandom random,
      final Runnable closeBoth,
      final Runnable directionEnded,
      final boolean dialerToListener) {
    final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(256);
    final Thread reader =
        new Thread(
            () -> {
              long lastDelivery = 0;
              final byte[] buffer = new byte[CHUNK];
              try {
                final InputStream in = source.getInputStream();
                while (true) {
                  final int n = in.read(buffer);
                  if (n < 0) {
                    break;
                  }
                  final LinkFaults now = faults;
                  final long delayMillis = delayMillis(now, random);
                  final long transmitNanos =
                      now.bytesPerSecond() > 0 ? n * 1_000_000_000L / now.bytesPerSecond() : 0;
                  final long deliverAt =
                      Math.max(
                          lastDelivery + transmitNanos,
                          System.nanoTime() + delayMillis * 1_000_000L + transmitNanos);
                  lastDelivery = deliverAt;
                  chunks.incrementAndGet();
                  bytes.addAndGet(n);
                  final Chunk chunk = new Chunk(Arrays.copyOf(buffer, n), deliverAt);
                  while (!queue.offer(chunk, 1, TimeUnit.SECONDS)) {
                    if (sink.isClosed()) {
                      return;
                    }
                  }
                }
              } catch (final IOException e) {
                closeBoth.run();
              } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              queue.offer(END);
            },
            "chaos-read-" + from + "-" + to);
    final Thread writer =
        new Thread(
            () -> {
              try {
                final OutputStream out = sink.getOutputStream();
                while (true) {
                  final Chunk chunk = queue.poll(1, TimeUnit.SECONDS);
                  if (chunk == null) {
                    if (sink.isClosed()) {
                      return;
                    }
                    continue;
                  }
                  if (chunk == END) {
                    if (!sink.isClosed()) {
                      sink.shutdownOutput();
                    }
                    directionEnded.run();
                    return;
                  }
                  if (faults.holds(dialerToListener)) {
                    heldChunks.incrementAndGet();
                    while (faults.holds(dialerToListener) && !sink.isClosed()) {
                      TimeUnit.MILLISECONDS.sleep(HOLD_POLL_MILLIS);
                    }
                  }
                  final long wait = chunk.deliverAtNanos() - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  out.write(chunk.data());
                  out.flush();
                }
              } catch (final IOException e) {
                closeBoth.run();
              } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "chaos-write-" + from + "-" + to);
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  /** The hold-back of one chunk under the current faults: jitter plus retransmission timeouts. */
  private long delayMillis(final LinkFaults f, final SplittableRandom random) {
    long delay = f.jitterMillis() > 0 ? random.nextLong(f.jitterMillis() + 1) : 0;
    int losses = 0;
    while (losses < MAX_RETRANSMISSIONS && f.drop() > 0 && random.nextDouble() < f.drop()) {
      delay += RTO_MILLIS << losses;
      losses++;
    }
    if (losses > 0) {
      lostChunks.incrementAndGet();
      retransmissions.addAndGet(losses);
    }
    addedDelayMillis.addAndGet(delay);
    longestStallMillis.accumulateAndGet(delay, Math::max);
    if (delay >= STALL_MILLIS && stalls.incrementAndGet() <= STALLS_KEPT) {
      stallTimes.add(new long[] {System.currentTimeMillis(), delay});
    }
    return delay;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    for (final Socket socket : open) {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(final AutoCloseable c) {
    try {
      c.close();
    } catch (final Exception e) {
      // closing anyway
    }
  }
}
