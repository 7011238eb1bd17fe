package io.dvc.common.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Hands out loopback TCP ports for processes started later (a local testnet, a test cluster).
 *
 * <p>A port is found by binding port 0 and closing the socket, so the operating system may offer
 * the same port again before its first taker has bound it; two nodes of one testnet then got the
 * same address. This allocator never hands out a port twice, and {@link #claim(int)} lets a
 * component that keeps its own listening socket (a proxy) refuse a port already promised to a node.
 */
public final class LoopbackPorts {
  private static final int ATTEMPTS = 1_000;

  private final Set<Integer> given = new HashSet<>();
  private final IntSupplier probe;

  public LoopbackPorts() {
    this(LoopbackPorts::probe);
  }

  /** With the operating system's offer replaced (tests). */
  LoopbackPorts(final IntSupplier probe) {
    this.probe = probe;
  }

  /** A port free now and not handed out or claimed before through this allocator. */
  public synchronized int next() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      final int port = probe.getAsInt();
      if (given.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no loopback port left that was not handed out already (" + given.size() + " given)");
  }

  /**
   * Records a port bound by the caller; false when it was handed out already (the caller should
   * bind another).
   */
  public synchronized boolean claim(final int port) {
    return given.add(port);
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (final IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
