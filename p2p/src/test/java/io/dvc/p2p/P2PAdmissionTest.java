package io.dvc.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Audit #11: strangers cost a bounded number of log lines and of pending connections. */
@Timeout(60)
class P2PAdmissionTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final List<P2PNetwork> hosts = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (final Socket s : sockets) {
      s.close();
    }
    hosts.forEach(P2PNetwork::stop);
  }

  private P2PNetwork start(final P2PNetwork host) {
    host.start().join();
    hosts.add(host);
    return host;
  }

  /** True when the server closed the connection (end of stream) before the read timeout. */
  private static boolean closedByServer(final Socket socket) throws IOException {
    final InputStream in = socket.getInputStream();
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
        if (in.available() == 0) {
          // the listener's multistream header arrived: the connection was admitted
          return false;
        }
      }
    } catch (final SocketTimeoutException e) {
      return false;
    } catch (final IOException reset) {
      return true;
    }
  }

  @Test
  void inboundConnectionsInTheirHandshakeAreCapped() throws Exception {
    final P2PNetwork host = start(new P2PNetwork(P2PConfig.defaults(NodeKey.generate(RANDOM)), 2));
    final InetSocketAddress address =
        (InetSocketAddress) host.listenAddresses().get(0).toSocketAddress();
    final List<Boolean> closed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      final Socket s = new Socket();
      s.setSoTimeout(3_000);
      s.connect(address, 3_000);
      sockets.add(s);
      closed.add(closedByServer(s));
    }
    assertThat(closed).containsExactly(false, false, true, true, true);
    assertThat(host.unauthenticatedInbound()).isEqualTo(2);
    sockets.get(0).close();
    sockets.get(1).close();
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (host.unauthenticatedInbound() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(host.unauthenticatedInbound()).isZero();
    final Socket again = new Socket();
    again.setSoTimeout(3_000);
    again.connect(address, 3_000);
    sockets.add(again);
    assertThat(closedByServer(again)).isFalse();
  }

  @Test
  void refusedStrangersAreLoggedAtAFewLinesASecond() throws Exception {
    final Logger logger = (Logger) LoggerFactory.getLogger(P2PNetwork.class);
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      final P2PNetwork gated =
          start(
              new P2PNetwork(
                  P2PConfig.defaults(NodeKey.generate(RANDOM))
                      .withAllowedPeers(Set.of(NodeKey.generate(RANDOM).peerId()))));
      final P2PNetwork stranger =
          start(new P2PNetwork(P2PConfig.defaults(NodeKey.generate(RANDOM))));
      final long start = System.nanoTime();
      final int attempts = 20;
      for (int i = 0; i < attempts; i++) {
        try {
          stranger
              .dial(gated.listenAddresses().get(0).withPeerId(gated.localPeerId()))
              .get(10, TimeUnit.SECONDS)
              .closeFuture()
              .get(10, TimeUnit.SECONDS);
        } catch (final ExecutionException expected) {
          // refused by the gate
        }
      }
      final long seconds = 1 + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      final long refusals =
          appender.list.stream()
              .filter(e -> e.getFormattedMessage().contains("refused: not in the allowed set"))
              .count();
      assertThat(refusals).isPositive().isLessThanOrEqualTo(Math.min(attempts - 1, 5 * seconds));
    } finally {
      logger.detachAppender(appender);
    }
  }
}
