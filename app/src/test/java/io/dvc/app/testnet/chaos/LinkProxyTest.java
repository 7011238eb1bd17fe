package io.dvc.app.testnet.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.net.LoopbackPorts;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fault proxy against an echo server on loopback (ephemeral ports, bounded in count). */
class LinkProxyTest {

  /** An echo server that answers every connection until closed. */
  private static ServerSocket echoServer() throws IOException {
    final ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    final Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  final Socket s = server.accept();
                  final Thread echo =
                      new Thread(
                          () -> {
                            try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                              in.transferTo(out);
                            } catch (final IOException e) {
                              // closed
                            }
                          });
                  echo.setDaemon(true);
                  echo.start();
                } catch (final IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return server;
  }

  @Test
  @Timeout(60)
  void lossyLinksDelayChunksButDeliverEveryByteInOrder() throws Exception {
    try (ServerSocket echo = echoServer();
        LinkProxy proxy = new LinkProxy(1, 2, echo.getLocalPort(), 7, new LoopbackPorts())) {
      proxy.setFaults(new LinkFaults(0.3, 20, false));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        final DataInputStream in = new DataInputStream(client.getInputStream());
        for (int i = 0; i < 16; i++) {
          final byte[] message = new byte[100];
          Arrays.fill(message, (byte) i);
          client.getOutputStream().write(message);
          final byte[] back = new byte[100];
          in.readFully(back);
          assertThat(back).as("round trip %d", i).isEqualTo(message);
        }
      }
      assertThat(proxy.chunks.get()).isGreaterThanOrEqualTo(32);
      assertThat(proxy.lostChunks.get())
          .as("32 chunks at 30 %% loss (seeded): none lost has probability 0.7^32, about 1e-5")
          .isPositive();
      assertThat(proxy.retransmissions.get()).isGreaterThanOrEqualTo(proxy.lostChunks.get());
      assertThat(proxy.addedDelayMillis.get())
          .isGreaterThanOrEqualTo(proxy.lostChunks.get() * LinkProxy.RTO_MILLIS);
      assertThat(proxy.bytes.get()).isEqualTo(2 * 16 * 100);
    }
  }

  @Test
  @Timeout(60)
  void aCutClosesOpenConnectionsAndRefusesNewOnesUntilHealed() throws Exception {
    try (ServerSocket echo = echoServer();
        LinkProxy proxy = new LinkProxy(1, 2, echo.getLocalPort(), 7, new LoopbackPorts())) {
      final Socket before = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
      before.getOutputStream().write(1);
      assertThat(before.getInputStream().read()).isEqualTo(1);

      proxy.setFaults(new LinkFaults(0, 0, true));
      assertThat(readOrEnd(before)).as("the open connection is closed").isEqualTo(-1);
      try (Socket during = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        during.getOutputStream().write(2);
        assertThat(readOrEnd(during)).as("a new connection is closed at once").isEqualTo(-1);
      }
      assertThat(proxy.refused.get()).isEqualTo(1);
      assertThat(proxy.cutConnections.get()).isPositive();

      proxy.setFaults(LinkFaults.NONE);
      try (Socket after = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        after.getOutputStream().write(3);
        assertThat(after.getInputStream().read()).isEqualTo(3);
      }
      before.close();
    }
  }

  @Test
  @Timeout(60)
  void aBandwidthCapSpreadsABurstOverTheTimeItsBytesTakeAtThatRate() throws Exception {
    try (ServerSocket echo = echoServer();
        LinkProxy proxy = new LinkProxy(1, 2, echo.getLocalPort(), 7, new LoopbackPorts())) {
      // 100,000 B/s each way: 64 KiB out and back takes at least 0.65 s on each of the two legs
      proxy.setFaults(new LinkFaults(0, 0, false, 100_000, false, false));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        final byte[] burst = new byte[64 * 1024];
        final long start = System.nanoTime();
        client.getOutputStream().write(burst);
        new DataInputStream(client.getInputStream()).readFully(new byte[burst.length]);
        final long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("a lower bound set by the cap").isGreaterThanOrEqualTo(650);
      }
    }
  }

  @Test
  @Timeout(60)
  void aHeldDirectionKeepsItsBytesUntilTheHoldEndsAndLosesNone() throws Exception {
    try (ServerSocket echo = echoServer();
        LinkProxy proxy = new LinkProxy(1, 2, echo.getLocalPort(), 7, new LoopbackPorts())) {
      proxy.setFaults(new LinkFaults(0, 0, false, 0, true, false));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        client.setSoTimeout(500);
        client.getOutputStream().write(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> client.getInputStream().read())
            .as("the dialer's bytes do not reach the echo server")
            .isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(proxy.heldChunks.get()).isPositive();

        proxy.setFaults(LinkFaults.NONE);
        client.setSoTimeout(10_000);
        final byte[] back = new byte[3];
        new DataInputStream(client.getInputStream()).readFully(back);
        assertThat(back).containsExactly(1, 2, 3);
      }
    }
  }

  private static int readOrEnd(final Socket socket) {
    try {
      return socket.getInputStream().read();
    } catch (final IOException e) {
      return -1;
    }
  }
}
