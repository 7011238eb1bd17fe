package io.dvc.config.node;

import io.dvc.config.node.NodeConfigLoader.Setting;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns raw settings into a checked {@link NodeConfig}; each error names the setting's source. */
final class NodeConfigValidator {
  private NodeConfigValidator() {}

  static NodeConfig validate(final Map<String, Setting> s) {
    final Path dataDir = dataDir(s.get(NodeConfigLoader.DATA_DIR));
    final Setting operatorSetting = s.get(NodeConfigLoader.OPERATOR_DIR);
    final Path operatorDir =
        operatorSetting.value().isBlank() ? dataDir : directory(operatorSetting, true);
    final Setting urls = s.get(NodeConfigLoader.BEACON_NODE_URLS);
    final List<URI> beaconNodes = NodeConfigLoader.list(urls, t -> NodeConfigLoader.uri(urls, t));
    if (beaconNodes.isEmpty()) {
      throw new NodeConfigException(
          urls.source()
              + ": at least one beacon node URL is required (--beacon-node-urls or "
              + NodeConfigLoader.environmentVariable(NodeConfigLoader.BEACON_NODE_URLS)
              + ")");
    }
    if (beaconNodes.size() != beaconNodes.stream().distinct().count()) {
      throw new NodeConfigException(urls.source() + ": a beacon node URL is listed twice");
    }
    final Setting listen = s.get(NodeConfigLoader.P2P_LISTEN_ADDRESSES);
    final List<Multiaddr> listenAddresses =
        NodeConfigLoader.list(listen, t -> NodeConfigLoader.multiaddr(listen, t));
    if (listenAddresses.isEmpty()) {
      throw new NodeConfigException(
          listen.source() + ": at least one p2p listen address is required");
    }
    final Setting external = s.get(NodeConfigLoader.P2P_EXTERNAL_ADDRESSES);
    final List<Multiaddr> externalAddresses =
        NodeConfigLoader.list(external, t -> NodeConfigLoader.multiaddr(external, t));
    final int api = port(s.get(NodeConfigLoader.VALIDATOR_API_PORT));
    final int metrics = port(s.get(NodeConfigLoader.METRICS_PORT));
    final int health = port(s.get(NodeConfigLoader.HEALTH_PORT));
    distinctPorts(
        s,
        Map.of(
            NodeConfigLoader.VALIDATOR_API_PORT,
            api,
            NodeConfigLoader.METRICS_PORT,
            metrics,
            NodeConfigLoader.HEALTH_PORT,
            health));
    return new NodeConfig(
        dataDir,
        operatorDir,
        beaconNodes,
        listenAddresses,
        externalAddresses,
        api,
        metrics,
        health,
        logFormat(s.get(NodeConfigLoader.LOG_FORMAT)));
  }

  private static Path dataDir(final Setting s) {
    if (s.value().isBlank()) {
      throw new NodeConfigException(
          s.source()
              + ": data-dir is required (--data-dir or "
              + NodeConfigLoader.environmentVariable(NodeConfigLoader.DATA_DIR)
              + ")");
    }
    final Path dir = path(s);
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new NodeConfigException(s.source() + ": " + dir + " is not a directory");
      }
      if (!Files.isWritable(dir)) {
        throw new NodeConfigException(s.source() + ": " + dir + " is not writable");
      }
      return dir;
    }
    final Path parent = dir.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
      throw new NodeConfigException(
          s.source()
              + ": "
              + dir
              + " does not exist and cannot be created (parent missing or not writable)");
    }
    return dir;
  }

  private static Path directory(final Setting s, final boolean mustExist) {
    final Path dir = path(s);
    if (mustExist && !Files.isDirectory(dir)) {
      throw new NodeConfigException(s.source() + ": " + dir + " is not an existing directory");
    }
    return dir;
  }

  private static Path path(final Setting s) {
    try {
      return Path.of(s.value());
    } catch (final InvalidPathException e) {
      throw new NodeConfigException(s.source() + ": '" + s.value() + "' is not a valid path");
    }
  }

  private static int port(final Setting s) {
    try {
      final int port = Integer.parseInt(s.value().trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (final NumberFormatException e) {
      // reported below
    }
    throw new NodeConfigException(
        s.source() + ": '" + s.value() + "' is not a port number (1..65535)");
  }

  private static void distinctPorts(
      final Map<String, Setting> s, final Map<String, Integer> ports) {
    final Map<Integer, String> seen = new HashMap<>();
    for (final String key :
        List.of(
            NodeConfigLoader.VALIDATOR_API_PORT,
            NodeConfigLoader.METRICS_PORT,
            NodeConfigLoader.HEALTH_PORT)) {
      final String previous = seen.putIfAbsent(ports.get(key), key);
      if (previous != null) {
        throw new NodeConfigException(
            s.get(key).source() + ": port " + ports.get(key) + " is already the " + previous);
      }
    }
  }

  private static LogFormat logFormat(final Setting s) {
    try {
      return LogFormat.valueOf(s.value().trim().toUpperCase(Locale.ROOT));
    } catch (final IllegalArgumentException e) {
      throw new NodeConfigException(
          s.source() + ": '" + s.value() + "' is not a log format (text or json)");
    }
  }
}
