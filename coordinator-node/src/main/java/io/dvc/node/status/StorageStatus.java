package io.dvc.node.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The {@code storage} status section: the size of the slashing-protection database and the free
 * space of the file system that holds the data directory.
 */
public final class StorageStatus implements StatusSection {
  private final Path dataDir;
  private final Path database;

  public StorageStatus(final Path dataDir, final Path database) {
    this.dataDir = dataDir;
    this.database = database;
  }

  @Override
  public String name() {
    return "storage";
  }

  @Override
  public JsonNode snapshot() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("data_dir", dataDir.toAbsolutePath().toString());
    try {
      node.put("slashing_db_bytes", sizeOf(database));
      node.put("data_dir_free_bytes", Files.getFileStore(dataDir).getUsableSpace());
      node.put("data_dir_total_bytes", Files.getFileStore(dataDir).getTotalSpace());
    } catch (final IOException | UncheckedIOException e) {
      node.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return node;
  }

  static long sizeOf(final Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (final IOException e) {
                  return 0; // a RocksDB file deleted by compaction meanwhile
                }
              })
          .sum();
    }
  }
}
