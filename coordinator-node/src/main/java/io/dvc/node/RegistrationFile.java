package io.dvc.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dvc.node.duties.registration.RegistrationStore;
import io.dvc.spec.Schemas;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's combined builder registrations in {@code builder-registrations.json} of its data
 * directory (a JSON array of {@code SignedValidatorRegistrationV1}; public data), written
 * atomically. An unreadable file is ignored with a warning: the cluster then signs them again.
 */
final class RegistrationFile implements RegistrationStore {
  static final String NAME = "builder-registrations.json";
  private static final Logger LOG = LoggerFactory.getLogger(RegistrationFile.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;

  RegistrationFile(final Path dataDir) {
    this.file = dataDir.resolve(NAME);
  }

  @Override
  public List<SignedValidatorRegistrationV1> load() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      final JsonNode array = MAPPER.readTree(file.toFile());
      final List<SignedValidatorRegistrationV1> registrations = new ArrayList<>();
      for (final JsonNode item : array) {
        registrations.add(Schemas.MAINNET.signedValidatorRegistrationV1.fromJson(item));
      }
      return registrations;
    } catch (final IOException | RuntimeException e) {
      LOG.warn("{}: not read ({}); the registrations are signed again", file, e.getMessage());
      return List.of();
    }
  }

  @Override
  public void save(final List<SignedValidatorRegistrationV1> registrations) {
    final ArrayNode array = MAPPER.createArrayNode();
    registrations.forEach(r -> array.add(Schemas.MAINNET.signedValidatorRegistrationV1.toJson(r)));
    final Path tmp = file.resolveSibling(NAME + ".tmp");
    try {
      Files.writeString(tmp, array.toString());
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (final IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }
}
