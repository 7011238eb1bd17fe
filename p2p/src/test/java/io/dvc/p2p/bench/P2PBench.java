package io.dvc.p2p.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.p2p.Connection;
import io.dvc.p2p.P2PConfig;
import io.dvc.p2p.P2PNetwork;
import io.dvc.p2p.P2PStream;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.p2p.testing.JsPeer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The p2p benchmark: bulk throughput over one stream, small-message rate and handshake time,
 * Java↔Java (two hosts, one I/O thread each) and js↔js (two js-libp2p processes) in the same run,
 * plus Java dialing js. Run it with {@code mvn -B -q -pl p2p -am verify -Pp2p-bench} (see
 * p2p/README.md); it prints a Markdown table and writes it to p2p/target/p2p-bench.md.
 */
public final class P2PBench {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int CHUNK = 256 * 1024;
  private static final long MAX_IN_FLIGHT = 8L << 20;
  private static final int REPEATS = Integer.getInteger("bench.repeats", 3);

  private final long bulkBytes;
  private final int messages;
  private final int messageSize;
  private final int dials;

  private P2PBench(
      final long bulkBytes, final int messages, final int messageSize, final int dials) {
    this.bulkBytes = bulkBytes;
    this.messages = messages;
    this.messageSize = messageSize;
    this.dials = dials;
  }

  record Result(String pair, double mibPerSecond, double messagesPerSecond, double handshakeMs) {}

  public static void main(final String[] args) throws Exception {
    final long bulk = Long.getLong("bench.bulkMiB", 256) << 20;
    final int msgs = Integer.getInteger("bench.messages", 20_000);
    final int size = Integer.getInteger("bench.messageSize", 100);
    final int dials = Integer.getInteger("bench.dials", 20);
    final P2PBench bench = new P2PBench(bulk, msgs, size, dials);
    final List<Result> results = new ArrayList<>();
    final String pairs = System.getProperty("bench.pairs", "java,js,java-js");
    for (final String pair : pairs.split(",")) {
      switch (pair) {
        case "java" -> results.add(bench.javaToJava());
        case "js" -> results.add(bench.jsToJs());
        case "java-js" -> results.add(bench.javaToJs());
        default ->
            throw new IllegalArgumentException("unknown pair " + pair + " (java, js, java-js)");
      }
    }
    final StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "Best of %d runs each. Bulk: %d MiB over one stream (after 128 MiB of warm-up); messages: %d x %d B on one stream; handshake: median of %d dials after as many warm-up dials (TCP + multistream + Noise XX + yamux).%n%n",
            REPEATS,
            bulk >> 20,
            msgs,
            size,
            dials));
    table.append("| pair | bulk MiB/s | messages/s | handshake ms |\n|---|---:|---:|---:|\n");
    for (final Result r : results) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.0f | %.2f |%n",
              r.pair,
              r.mibPerSecond,
              r.messagesPerSecond,
              r.handshakeMs));
    }
    System.out.println(table);
    final Path out = Path.of(System.getProperty("bench.out", "target/p2p-bench.md"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table.toString());
    System.exit(0);
  }

  private static P2PNetwork host() {
    final P2PNetwork h =
        new P2PNetwork(
            P2PConfig.defaults(NodeKey.generate(RANDOM))
                .withIoThreads(1)
                .withPingInterval(Duration.ofMinutes(10)));
    h.registerProtocol(SinkProtocol.PROTOCOL_ID, SinkProtocol.handler());
    h.start().join();
    return h;
  }

  private Result javaToJava() throws Exception {
    final P2PNetwork server = host();
    final P2PNetwork client = host();
    try {
      final Multiaddr target = server.listenAddresses().get(0).withPeerId(server.localPeerId());
      return measureJava("Java → Java", client, target);
    } finally {
      client.stop();
      server.stop();
    }
  }

  private Result javaToJs() throws Exception {
    final P2PNetwork client = host();
    try (JsPeer js = JsPeer.start(JsPeer.config("serve", JsPeer.randomSeed()))) {
      final JsonNode ready = js.next(Duration.ofSeconds(60));
      return measureJava(
          "Java → js", client, Multiaddr.fromString(ready.path("addrs").get(0).asText()));
    } finally {
      client.stop();
    }
  }

  private Result measureJava(final String pair, final P2PNetwork client, final Multiaddr target)
      throws Exception {
    Connection c = client.dial(target).get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 4; i++) {
      bulk(c, 32L << 20); // warm-up: let the JIT compile the crypto and framing paths
    }
    double mib = 0;
    double rate = 0;
    for (int i = 0; i < REPEATS; i++) { // best of REPEATS: the machine is shared
      mib = Math.max(mib, (bulkBytes / 1048576.0) / bulk(c, bulkBytes));
      rate = Math.max(rate, messages / smallMessages(c));
    }
    final List<Double> times = new ArrayList<>();
    for (int i = 0; i < 2 * dials; i++) {
      c.close();
      c.closeFuture().get(10, TimeUnit.SECONDS);
      final long start = System.nanoTime();
      c = client.dial(target).get(30, TimeUnit.SECONDS);
      if (i >= dials) { // the first half warms up
        times.add((System.nanoTime() - start) / 1e6);
      }
    }
    Collections.sort(times);
    return new Result(pair, mib, rate, times.get(times.size() / 2));
  }

  /** Seconds to push {@code bytes} through the sink and get its count back. */
  private static double bulk(final Connection c, final long bytes) throws Exception {
    final P2PStream s = c.openStream(SinkProtocol.PROTOCOL_ID).get(30, TimeUnit.SECONDS);
    final CompletableFuture<Long> answer = SinkProtocol.answer(s);
    final byte[] chunk = new byte[CHUNK];
    RANDOM.nextBytes(chunk);
    final ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(chunk));
    final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    final long start = System.nanoTime();
    long sent = 0;
    while (sent < bytes) {
      final int n = (int) Math.min(CHUNK, bytes - sent);
      inFlight.add(s.write(shared.retainedSlice(0, n)));
      sent += n;
      while ((long) inFlight.size() * CHUNK > MAX_IN_FLIGHT) {
        inFlight.poll().get(60, TimeUnit.SECONDS);
      }
    }
    s.closeWrite();
    final long counted = answer.get(120, TimeUnit.SECONDS);
    final double seconds = (System.nanoTime() - start) / 1e9;
    if (counted != bytes) {
      throw new IllegalStateException("sink counted " + counted + " of " + bytes);
    }
    return seconds;
  }

  /** Seconds to send the small messages (one write each) and get the sink's count back. */
  private double smallMessages(final Connection c) throws Exception {
    final P2PStream s = c.openStream(SinkProtocol.PROTOCOL_ID).get(30, TimeUnit.SECONDS);
    final CompletableFuture<Long> answer = SinkProtocol.answer(s);
    final byte[] payload = new byte[messageSize];
    RANDOM.nextBytes(payload);
    final long start = System.nanoTime();
    CompletableFuture<Void> last = null;
    for (int i = 0; i < messages; i++) {
      last = s.write(payload);
      if (i % 1000 == 999) {
        last.get(60, TimeUnit.SECONDS);
      }
    }
    s.closeWrite();
    final long counted = answer.get(120, TimeUnit.SECONDS);
    if (counted != (long) messages * messageSize) {
      throw new IllegalStateException("sink counted " + counted);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private Result jsToJs() throws Exception {
    try (JsPeer server = JsPeer.start(JsPeer.config("serve", JsPeer.randomSeed()))) {
      final JsonNode ready = server.next(Duration.ofSeconds(60));
      final ObjectNode config = JsPeer.config("bench", JsPeer.randomSeed());
      config.put("target", ready.path("addrs").get(0).asText());
      config.put("bulkBytes", bulkBytes);
      config.put("messages", messages);
      config.put("messageSize", messageSize);
      config.put("dials", dials);
      config.put("repeats", REPEATS);
      try (JsPeer client = JsPeer.start(config)) {
        final JsonNode r = client.next(Duration.ofMinutes(10));
        return new Result(
            "js → js",
            r.path("bulk").path("mibPerSecond").asDouble(),
            r.path("messages").path("perSecond").asDouble(),
            r.path("handshake").path("medianMs").asDouble());
      }
    }
  }
}
