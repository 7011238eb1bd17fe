package io.dvc.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.common.text.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dvc status}: reads a running node's {@code /dvc/v1/status} and prints it as tables (one
 * per section, {@link StatusTable}) or, with {@code --json}, as the node sent it.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show a running node's status: cluster and lock hash, peers (connected, RTT, clock offset,"
            + " version, last message), beacon nodes (reachable, synced, version, latency, head),"
            + " validators by status, recent duties, slashing-protection database and free disk.")
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--health-address",
      description = "The node's health address HOST:PORT (default: ${DEFAULT-VALUE}).")
  String healthAddress = "127.0.0.1:3621";

  @Option(names = "--json", description = "Print the status JSON instead of tables.")
  boolean json;

  @Option(
      names = "--timeout-ms",
      description = "How long to wait for the node (default: ${DEFAULT-VALUE}).")
  long timeoutMillis = 5000;

  @Override
  public Integer call() {
    final PrintWriter out = spec.commandLine().getOut();
    final PrintWriter err = spec.commandLine().getErr();
    final URI uri;
    try {
      uri = URI.create("http://" + healthAddress + "/dvc/v1/status");
    } catch (final IllegalArgumentException e) {
      err.println(
          "dvc status: --health-address: '"
              + SafeText.escape(healthAddress)
              + "' is not HOST:PORT");
      err.flush();
      return 1;
    }
    final JsonNode status;
    try {
      final HttpClient client =
          HttpClient.newBuilder().connectTimeout(Duration.ofMillis(timeoutMillis)).build();
      final HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMillis)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      status = new ObjectMapper().readTree(response.body());
    } catch (final IOException e) {
      err.println(
          "dvc status: node at "
              + uri
              + " did not answer ("
              + SafeText.escape(e.getClass().getSimpleName() + ": " + e.getMessage())
              + ")");
      err.flush();
      return 1;
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (json) {
      out.println(status.toPrettyString());
    } else {
      StatusTable.print(status, out);
    }
    out.flush();
    return 0;
  }
}
