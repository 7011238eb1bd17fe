package io.dvc.config.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {
  @TempDir Path tmp;

  private Map<String, String> required() {
    return Map.of("data-dir", tmp.toString(), "beacon-node-urls", "http://127.0.0.1:5052");
  }

  @Test
  void defaultsApplyWhenOnlyTheRequiredValuesAreGiven() {
    final NodeConfig c = NodeConfigLoader.load(Optional.empty(), Map.of(), required());
    assertThat(c.dataDir()).isEqualTo(tmp);
    assertThat(c.operatorDir()).isEqualTo(tmp);
    assertThat(c.beaconNodeUrls()).containsExactly(URI.create("http://127.0.0.1:5052"));
    assertThat(c.p2pListenAddresses())
        .extracting(Object::toString)
        .containsExactly("/ip4/0.0.0.0/tcp/3610");
    assertThat(c.p2pExternalAddresses()).isEmpty();
    assertThat(List.of(c.validatorApiPort(), c.metricsPort(), c.healthPort()))
        .containsExactly(3600, 3620, 3621);
    assertThat(c.logFormat()).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile() throws IOException {
    final Path file =
        Files.writeString(
            tmp.resolve("node.json"),
            """
        {"data-dir": "%s", "beacon-node-urls": ["http://a:1", "https://b:2"], "metrics-port": 7000,
         "health-port": 7001, "log-format": "json"}
        """
                .formatted(tmp));
    final NodeConfig c =
        NodeConfigLoader.load(
            Optional.of(file),
            Map.of(
                "DVC_METRICS_PORT", "8000", "DVC_HEALTH_PORT", "8001", "DVC_JAVA_OPTS", "-Xmx1g"),
            Map.of("metrics-port", "9000"));
    assertThat(c.metricsPort()).isEqualTo(9000);
    assertThat(c.healthPort()).isEqualTo(8001);
    assertThat(c.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(c.beaconNodeUrls())
        .containsExactly(URI.create("http://a:1"), URI.create("https://b:2"));
  }

  @Test
  void propertiesFilesWork() throws IOException {
    final Path file =
        Files.writeString(
            tmp.resolve("node.properties"),
            "data-dir="
                + tmp
                + "\nbeacon-node-urls=http://bn:5052\np2p-external-addresses=/ip4/1.2.3.4/tcp/3610\n");
    final NodeConfig c = NodeConfigLoader.load(Optional.of(file), Map.of(), Map.of());
    assertThat(c.p2pExternalAddresses())
        .extracting(Object::toString)
        .containsExactly("/ip4/1.2.3.4/tcp/3610");
  }

  @Test
  void badPortNamesTheEnvironmentVariable() {
    assertThatThrownBy(
            () ->
                NodeConfigLoader.load(
                    Optional.empty(), Map.of("DVC_METRICS_PORT", "70000"), required()))
        .isInstanceOf(NodeConfigException.class)
        .hasMessage(
            "environment variable DVC_METRICS_PORT: '70000' is not a port number (1..65535)");
  }

  @Test
  void badLogFormatNamesTheFlag() {
    final Map<String, String> flags = new java.util.HashMap<>(required());
    flags.put("log-format", "xml");
    assertThatThrownBy(() -> NodeConfigLoader.load(Optional.empty(), Map.of(), flags))
        .hasMessage("flag --log-format: 'xml' is not a log format (text or json)");
  }

  @Test
  void unknownFileKeyIsNamed() throws IOException {
    final Path file = Files.writeString(tmp.resolve("node.properties"), "metrics-prot=1\n");
    assertThatThrownBy(() -> NodeConfigLoader.load(Optional.of(file), Map.of(), required()))
        .hasMessageStartingWith(
            "config file " + file + ": metrics-prot: unknown key (known: data-dir, ");
  }

  @Test
  void aKeyGivenTwiceInAPropertiesFileIsRefused() throws IOException {
    final Path file =
        Files.writeString(tmp.resolve("node.properties"), "metrics-port=7000\nmetrics-port=7001\n");
    assertThatThrownBy(() -> NodeConfigLoader.load(Optional.of(file), Map.of(), required()))
        .isInstanceOf(NodeConfigException.class)
        .hasMessage("config file " + file + ": metrics-port: given twice");
  }

  @Test
  void aKeyGivenTwiceInAJsonFileIsRefused() throws IOException {
    final Path file =
        Files.writeString(
            tmp.resolve("node.json"), "{\"metrics-port\": 7000, \"metrics-port\": 7001}");
    assertThatThrownBy(() -> NodeConfigLoader.load(Optional.of(file), Map.of(), required()))
        .isInstanceOf(NodeConfigException.class)
        .hasMessage("config file " + file + ": metrics-port: given twice");
  }

  @Test
  void deeplyNestedJsonIsRefusedInOneLine() throws IOException {
    final Path file =
        Files.writeString(
            tmp.resolve("node.json"), "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
    assertThatThrownBy(() -> NodeConfigLoader.load(Optional.of(file), Map.of(), required()))
        .isInstanceOf(NodeConfigException.class)
        .hasMessageStartingWith("config file " + file + ": not usable JSON: nested deeper than");
  }

  @Test
  void missingBeaconNodeIsExplained() {
    assertThatThrownBy(
            () ->
                NodeConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("data-dir", tmp.toString())))
        .hasMessage(
            "default: at least one beacon node URL is required (--beacon-node-urls or DVC_BEACON_NODE_URLS)");
  }

  @Test
  void beaconNodeUrlMustBeHttp() {
    assertThatThrownBy(
            () ->
                NodeConfigLoader.load(
                    Optional.empty(),
                    Map.of("DVC_BEACON_NODE_URLS", "ftp://x"),
                    Map.of("data-dir", tmp.toString())))
        .hasMessage(
            "environment variable DVC_BEACON_NODE_URLS: 'ftp://x' is not an http(s) URL with a host");
  }

  @Test
  void badMultiaddrIsNamed() {
    final Map<String, String> flags = new java.util.HashMap<>(required());
    flags.put("p2p-listen-addresses", "/ip4/1.2.3.4/tcp/99999");
    assertThatThrownBy(() -> NodeConfigLoader.load(Optional.empty(), Map.of(), flags))
        .hasMessageStartingWith(
            "flag --p2p-listen-addresses: '/ip4/1.2.3.4/tcp/99999' is not a multiaddr (");
  }

  @Test
  void clashingPortsAreRefused() {
    assertThatThrownBy(
            () ->
                NodeConfigLoader.load(
                    Optional.empty(), Map.of("DVC_HEALTH_PORT", "3620"), required()))
        .hasMessage("environment variable DVC_HEALTH_PORT: port 3620 is already the metrics-port");
  }

  @Test
  void dataDirThatIsAFileIsRefused() throws IOException {
    final Path file = Files.writeString(tmp.resolve("f"), "x");
    assertThatThrownBy(
            () ->
                NodeConfigLoader.load(
                    Optional.empty(),
                    Map.of("DVC_DATA_DIR", file.toString(), "DVC_BEACON_NODE_URLS", "http://b:1"),
                    Map.of()))
        .hasMessage("environment variable DVC_DATA_DIR: " + file + " is not a directory");
  }

  @Test
  void missingOperatorDirIsRefused() {
    final Map<String, String> flags = new java.util.HashMap<>(required());
    flags.put("operator-dir", tmp.resolve("nope").toString());
    assertThatThrownBy(() -> NodeConfigLoader.load(Optional.empty(), Map.of(), flags))
        .hasMessage(
            "flag --operator-dir: " + tmp.resolve("nope") + " is not an existing directory");
  }

  @Test
  void unknownFlagIsRefused() {
    assertThatThrownBy(
            () -> NodeConfigLoader.load(Optional.empty(), Map.of(), Map.of("metrics-prot", "1")))
        .hasMessage("flag --metrics-prot: unknown option");
  }
}
