package io.dvc.node.beacon;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A one-connection loopback server that reads the request head, writes {@code prefix} (e.g. status
 * line and headers, or nothing) and then stalls until the client closes the connection, which
 * {@link #closedByClient} reports.
 */
final class StallingServer implements AutoCloseable {
  private final ServerSocket socket;
  final CountDownLatch closedByClient = new CountDownLatch(1);

  StallingServer(final String prefix) throws IOException {
    socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    final Thread thread =
        new Thread(
            () -> {
              try (Socket connection = socket.accept()) {
                final InputStream in = connection.getInputStream();
                readHead(in);
                connection.getOutputStream().write(prefix.getBytes(StandardCharsets.US_ASCII));
                connection.getOutputStream().flush();
                while (in.read() >= 0) {
                  // nothing more comes; -1 (or an exception) means the client closed
                }
              } catch (final IOException closed) {
                // reset by the client, or the server closed
              }
              closedByClient.countDown();
            },
            "stalling-server");
    thread.setDaemon(true);
    thread.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  private static void readHead(final InputStream in) throws IOException {
    final byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    int matched = 0;
    while (matched < end.length) {
      final int b = in.read();
      if (b < 0) {
        return;
      }
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
