package io.dvc.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.ClusterLock;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.operator.IdentityKeyFile;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.node.duties.exit.ExitRequest;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dvc exit}: asks the cluster to exit a validator. Signs an exit request with this
 * operator's identity key, hands it to this operator's running node (which checks it and relays it
 * to the other operators, who check it again), waits until the cluster has combined the signed
 * exit, writes it to {@code --output} and reports what the beacon nodes answered.
 */
@Command(
    name = "exit",
    mixinStandardHelpOptions = true,
    description = "Ask the cluster to sign and broadcast a voluntary exit of a validator.")
public final class ExitCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int SLOTS_AHEAD = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      required = true,
      description = "The operator directory (cluster-lock.json and identity key).")
  Path dataDir;

  @Option(
      names = "--node",
      defaultValue = "http://127.0.0.1:3621",
      description = "This operator's running node (its health address; default ${DEFAULT-VALUE}).")
  String node;

  @Option(
      names = "--validator",
      required = true,
      description = "The validator: its 0x public key or its beacon-chain index.")
  String validator;

  @Option(names = "--epoch", description = "The exit epoch (default: the current epoch).")
  Long epoch;

  @Option(names = "--output", description = "Write the signed exit (JSON) to this file.")
  Path output;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "120",
      description = "How long to wait for the signed exit (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public Integer call() throws IOException, InterruptedException {
    final PrintWriter out = spec.commandLine().getOut();
    final ClusterLock lock = ClusterFiles.loadLock(dataDir.resolve(ClusterFiles.LOCK_FILE)).lock();
    final NodeKey identity = IdentityKeyFile.read(OperatorLayout.identityKey(dataDir));
    try {
      final int operator =
          lock.shareIndexOf(identity.peerId())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          OperatorLayout.identityKey(dataDir)
                              + ": this identity key is not an operator of the cluster lock"));
      if (isPubkey(validator)) {
        requireInLock(lock, parsePubkey());
      }
      final JsonNode info = get("");
      final long index = resolveIndex(lock, info);
      final Bytes pubkey = pubkeyOf(info, index);
      final long exitEpoch = epoch != null ? epoch : info.path("current_epoch").asLong();
      if (exitEpoch < 0) {
        throw new IllegalArgumentException("--epoch must not be negative");
      }
      final long slot = info.path("current_slot").asLong() + SLOTS_AHEAD;
      final ExitRequest request =
          ExitRequest.signed(
              Bytes.fromHex(info.path("genesis_validators_root").asText(), 32),
              pubkey,
              exitEpoch,
              slot,
              operator,
              identity);
      post(request);
      out.printf(
          "exit of validator %d at epoch %d requested; the cluster signs at slot %d%n",
          index, exitEpoch, slot);
      out.flush();
      final JsonNode status = awaitSigned(index);
      if (output != null) {
        final Path tmp = output.resolveSibling(output.getFileName() + ".tmp");
        Files.writeString(tmp, status.get("signed_exit").toPrettyString() + "\n");
        Files.move(
            tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("signed exit written to " + output);
      }
      if ("accepted".equals(status.path("state").asText())) {
        out.println("voluntary exit of validator " + index + " accepted by the beacon node");
      } else {
        out.println(
            "the beacon nodes refused it for now: "
                + io.dvc.common.text.SafeText.escape(status.path("detail").asText())
                + (output != null ? "; publish " + output + " later" : ""));
      }
      return 0;
    } finally {
      identity.destroy();
    }
  }

  private static boolean isPubkey(final String text) {
    return text.startsWith("0x") || text.startsWith("0X");
  }

  private Bytes parsePubkey() {
    try {
      return Bytes.fromHex(validator, 48);
    } catch (final IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--validator "
              + io.dvc.common.text.SafeText.escape(validator)
              + ": not a 48-byte public key");
    }
  }

  private static void requireInLock(final ClusterLock lock, final Bytes key) {
    if (lock.validators().stream()
        .map(DistributedValidator::distributedPublicKey)
        .noneMatch(k -> Bytes.of(k.toBytes()).equals(key))) {
      throw new IllegalArgumentException(
          "validator " + key.toHex() + " is not in the cluster lock");
    }
  }

  private long resolveIndex(final ClusterLock lock, final JsonNode info) {
    if (isPubkey(validator)) {
      final Bytes key = parsePubkey();
      for (final JsonNode v : info.path("validators")) {
        if (Bytes.fromHex(v.path("pubkey").asText()).equals(key)) {
          return v.path("index").asLong();
        }
      }
      throw new IllegalArgumentException(
          "validator " + key.toHex() + " has no index on the node's beacon node yet");
    }
    final long index;
    try {
      index = Long.parseLong(validator);
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException(
          "--validator "
              + io.dvc.common.text.SafeText.escape(validator)
              + ": neither a 0x public key nor an index");
    }
    final Optional<Bytes> key = findPubkey(info, index);
    if (key.isEmpty()
        || lock.validators().stream()
            .map(DistributedValidator::distributedPublicKey)
            .noneMatch(k -> Bytes.of(k.toBytes()).equals(key.get()))) {
      throw new IllegalArgumentException("validator " + index + " is not in the cluster lock");
    }
    return index;
  }

  private static Bytes pubkeyOf(final JsonNode info, final long index) {
    return findPubkey(info, index).orElseThrow();
  }

  private static Optional<Bytes> findPubkey(final JsonNode info, final long index) {
    for (final JsonNode v : info.path("validators")) {
      if (v.path("index").asLong(-1) == index) {
        return Optional.of(Bytes.fromHex(v.path("pubkey").asText(), 48));
      }
    }
    return Optional.empty();
  }

  private JsonNode awaitSigned(final long index) throws IOException, InterruptedException {
    final long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (System.nanoTime() < deadline) {
      final JsonNode status = get("/" + index);
      if (status.hasNonNull("signed_exit")) {
        return status;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "no signed exit of validator "
            + index
            + " after "
            + timeoutSeconds
            + " s: too few operators signed it (see the nodes' logs)");
  }

  private JsonNode get(final String suffix) throws IOException, InterruptedException {
    final HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri(suffix)).timeout(Duration.ofSeconds(10)).GET().build());
    if (response.statusCode() != 200) {
      throw new IOException(node + ": " + message(response));
    }
    return MAPPER.readTree(response.body());
  }

  private void post(final ExitRequest request) throws IOException, InterruptedException {
    final HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri(""))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toBytes()))
                .build());
    if (response.statusCode() != 202) {
      throw new IllegalArgumentException(message(response));
    }
  }

  private HttpResponse<String> send(final HttpRequest request)
      throws IOException, InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (final java.net.ConnectException e) {
      throw new IOException("no node answers at " + node + " (is it running?)");
    }
  }

  private URI uri(final String suffix) {
    final String base = node.endsWith("/") ? node.substring(0, node.length() - 1) : node;
    return URI.create(base + "/dvc/v1/exits" + suffix);
  }

  private static String message(final HttpResponse<String> response) {
    try {
      final JsonNode json = MAPPER.readTree(response.body());
      if (json.hasNonNull("message")) {
        return io.dvc.common.text.SafeText.escape(json.get("message").asText());
      }
    } catch (final IOException e) {
      // not JSON: the status says enough
    }
    return "HTTP " + response.statusCode();
  }
}
