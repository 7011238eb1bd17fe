package io.dvc.config.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Builds a {@link NodeConfig} from up to three layers, later ones winning: a file ({@code .json}:
 * an object; anything else: Java properties), environment variables {@code DVC_<KEY>} (key
 * upper-case with underscores) and flags ({@code --<key>}). Keys: see {@link #KEYS}. Lists are JSON
 * arrays in a JSON file and comma-separated elsewhere. Every value is checked up front; an error
 * names its source (flag, environment variable or file and key) and the reason.
 */
public final class NodeConfigLoader {
  public static final String DATA_DIR = "data-dir";
  public static final String OPERATOR_DIR = "operator-dir";
  public static final String BEACON_NODE_URLS = "beacon-node-urls";
  public static final String P2P_LISTEN_ADDRESSES = "p2p-listen-addresses";
  public static final String P2P_EXTERNAL_ADDRESSES = "p2p-external-addresses";
  public static final String VALIDATOR_API_PORT = "validator-api-port";
  public static final String METRICS_PORT = "metrics-port";
  public static final String HEALTH_PORT = "health-port";
  public static final String LOG_FORMAT = "log-format";

  /** Every key and its default ("" = required or derived). */
  public static final Map<String, String> KEYS = defaults();

  private static Map<String, String> defaults() {
    final Map<String, String> keys = new LinkedHashMap<>();
    keys.put(DATA_DIR, "");
    keys.put(OPERATOR_DIR, "");
    keys.put(BEACON_NODE_URLS, "");
    keys.put(P2P_LISTEN_ADDRESSES, "/ip4/0.0.0.0/tcp/3610");
    keys.put(P2P_EXTERNAL_ADDRESSES, "");
    keys.put(VALIDATOR_API_PORT, "3600");
    keys.put(METRICS_PORT, "3620");
    keys.put(HEALTH_PORT, "3621");
    keys.put(LOG_FORMAT, "text");
    return java.util.Collections.unmodifiableMap(keys);
  }

  /** A raw value and where it came from. */
  record Setting(String value, String source) {}

  private NodeConfigLoader() {}

  /** The environment variable of a key: {@code data-dir} → {@code DVC_DATA_DIR}. */
  public static String environmentVariable(final String key) {
    return "DVC_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * Loads and validates the configuration.
   *
   * @param file optional configuration file
   * @param environment the process environment (only DVC_* keys of {@link #KEYS} are read)
   * @param flags values given on the command line, by key (without "--")
   * @throws NodeConfigException naming the source and reason of the first bad value
   */
  public static NodeConfig load(
      final Optional<Path> file,
      final Map<String, String> environment,
      final Map<String, String> flags) {
    final Map<String, Setting> settings = new HashMap<>();
    KEYS.forEach((k, v) -> settings.put(k, new Setting(v, "default")));
    file.ifPresent(f -> settings.putAll(readFile(f)));
    for (final String key : KEYS.keySet()) {
      final String variable = environmentVariable(key);
      if (environment.containsKey(variable)) {
        settings.put(
            key, new Setting(environment.get(variable), "environment variable " + variable));
      }
    }
    for (final Map.Entry<String, String> flag : flags.entrySet()) {
      if (!KEYS.containsKey(flag.getKey())) {
        throw new NodeConfigException("flag --" + flag.getKey() + ": unknown option");
      }
      settings.put(flag.getKey(), new Setting(flag.getValue(), "flag --" + flag.getKey()));
    }
    return NodeConfigValidator.validate(settings);
  }

  private static Map<String, Setting> readFile(final Path file) {
    if (!Files.isRegularFile(file)) {
      throw new NodeConfigException("config file " + file + ": not found");
    }
    final Map<String, String> raw =
        file.getFileName().toString().endsWith(".json") ? readJson(file) : readProperties(file);
    final Map<String, Setting> out = new HashMap<>();
    for (final Map.Entry<String, String> e : raw.entrySet()) {
      if (!KEYS.containsKey(e.getKey())) {
        throw new NodeConfigException(
            "config file "
                + file
                + ": "
                + e.getKey()
                + ": unknown key (known: "
                + String.join(", ", KEYS.keySet())
                + ")");
      }
      out.put(e.getKey(), new Setting(e.getValue(), "config file " + file + ": " + e.getKey()));
    }
    return out;
  }

  private static Map<String, String> readProperties(final Path file) {
    final Properties properties = new NoDuplicateProperties(file);
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (final IOException | IllegalArgumentException e) {
      throw new NodeConfigException(
          "config file "
              + file
              + ": cannot read ("
              + io.dvc.common.text.SafeText.abbreviate(e.getMessage())
              + ")");
    }
    final Map<String, String> out = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> out.put(k, properties.getProperty(k).trim()));
    return out;
  }

  private static Map<String, String> readJson(final Path file) {
    final JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
      final String duplicate = duplicateKey(e);
      throw new NodeConfigException(
          "config file "
              + file
              + ": "
              + (duplicate != null
                  ? io.dvc.common.text.SafeText.abbreviate(duplicate) + ": given twice"
                  : io.dvc.config.cluster.JsonErrors.describe(e)));
    } catch (final IOException e) {
      throw new NodeConfigException(
          "config file " + file + ": not valid JSON (" + e.getClass().getSimpleName() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new NodeConfigException("config file " + file + ": not a JSON object");
    }
    final Map<String, String> out = new HashMap<>();
    root.fields()
        .forEachRemaining(e -> out.put(e.getKey(), jsonValue(file, e.getKey(), e.getValue())));
    return out;
  }

  private static final ObjectMapper JSON =
      new ObjectMapper(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(io.dvc.config.cluster.JsonErrors.CONSTRAINTS)
                  .build())
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** The key named by Jackson's duplicate-field error, or null for another error. */
  private static String duplicateKey(final com.fasterxml.jackson.core.JsonProcessingException e) {
    final String message = String.valueOf(e.getOriginalMessage());
    final java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^Duplicate field '(.*)'$", java.util.regex.Pattern.DOTALL)
            .matcher(message);
    return m.matches() ? m.group(1) : null;
  }

  /** Properties that refuse a key given twice (plain Properties keeps the last silently). */
  private static final class NoDuplicateProperties extends Properties {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    NoDuplicateProperties(final Path file) {
      this.file = file;
    }

    @Override
    public synchronized Object put(final Object key, final Object value) {
      if (containsKey(key)) {
        throw new NodeConfigException(
            "config file "
                + file
                + ": "
                + io.dvc.common.text.SafeText.abbreviate(String.valueOf(key))
                + ": given twice");
      }
      return super.put(key, value);
    }
  }

  private static String jsonValue(final Path file, final String key, final JsonNode value) {
    if (value.isArray()) {
      final List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(jsonValue(file, key, v)));
      return String.join(",", items);
    }
    if (value.isTextual() || value.isNumber()) {
      return value.asText();
    }
    throw new NodeConfigException(
        "config file " + file + ": " + key + ": must be a string, number or array");
  }

  static <T> List<T> list(final Setting s, final Function<String, T> parse) {
    final List<T> out = new ArrayList<>();
    for (final String part : s.value().split(",")) {
      if (!part.isBlank()) {
        out.add(parse.apply(part.trim()));
      }
    }
    return out;
  }

  static URI uri(final Setting s, final String text) {
    try {
      final URI uri = new URI(text);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new NodeConfigException(
            s.source() + ": '" + text + "' is not an http(s) URL with a host");
      }
      return uri;
    } catch (final URISyntaxException e) {
      throw new NodeConfigException(
          s.source() + ": '" + text + "' is not a URL (" + e.getReason() + ")");
    }
  }

  static Multiaddr multiaddr(final Setting s, final String text) {
    final Multiaddr address;
    try {
      address = Multiaddr.fromString(text);
    } catch (final RuntimeException e) {
      throw new NodeConfigException(
          s.source() + ": '" + text + "' is not a multiaddr (" + e.getMessage() + ")");
    }
    if (!text.contains("/tcp/")) {
      throw new NodeConfigException(s.source() + ": '" + text + "' has no /tcp/ port");
    }
    return address;
  }
}
