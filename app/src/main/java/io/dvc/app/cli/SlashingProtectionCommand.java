package io.dvc.app.cli;

import io.dvc.slashing.InterchangeV5Exporter;
import io.dvc.slashing.InterchangeV5Importer;
import io.dvc.slashing.SlashingProtection;
import io.dvc.slashing.SlashingProtectionException;
import io.dvc.slashing.SlashingSchema;
import io.dvc.storage.RocksDbKvStore;
import io.dvc.storage.StorageException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dvc slashing-protection import|export --data-dir DIR --file FILE}: EIP-3076 v5 interchange
 * in and out of the node's slashing protection database. Errors print one line and exit with status
 * 1.
 */
@Command(
    name = "slashing-protection",
    mixinStandardHelpOptions = true,
    description = "Import or export slashing protection history (EIP-3076 interchange v5).",
    subcommands = {
      SlashingProtectionCommand.ImportCommand.class,
      SlashingProtectionCommand.ExportCommand.class
    })
public final class SlashingProtectionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Options shared by both subcommands. */
  abstract static class DatabaseCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--data-dir", required = true, description = "The node's data directory.")
    Path dataDir;

    @Option(names = "--file", required = true, description = "The interchange file.")
    Path file;

    @Override
    public Integer call() {
      try {
        final String summary = execute();
        spec.commandLine().getOut().println(summary);
        return 0;
      } catch (final SlashingProtectionException | StorageException e) {
        return fail(e.getMessage());
      } catch (final UncheckedIOException e) {
        return fail(e.getMessage() + ": " + e.getCause().getMessage());
      } catch (final NoSuchFileException e) {
        return fail("no such file: " + e.getFile());
      } catch (final IOException e) {
        return fail("cannot access " + file + ": " + e.getMessage());
      }
    }

    private int fail(final String message) {
      spec.commandLine().getErr().println("error: " + message.lines().findFirst().orElse(""));
      return 1;
    }

    abstract String execute() throws IOException;
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = "Import an interchange file, all or nothing.")
  static final class ImportCommand extends DatabaseCommand {
    @Override
    String execute() throws IOException {
      try (InputStream input = new BufferedInputStream(Files.newInputStream(file));
          RocksDbKvStore store = SlashingSchema.openDatabase(dataDir)) {
        final InterchangeV5Importer.Result result =
            SlashingProtection.openExisting(store).importInterchange(input, file.toString());
        return "imported "
            + result.blocks()
            + " blocks and "
            + result.attestations()
            + " attestations for "
            + result.validators()
            + " validators from "
            + file;
      }
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Export the complete history to an interchange file.")
  static final class ExportCommand extends DatabaseCommand {
    @Override
    String execute() throws IOException {
      final Path absolute = file.toAbsolutePath();
      final Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
      if (!Files.isDirectory(dataDir.resolve(SlashingSchema.DIRECTORY))) {
        throw new SlashingProtectionException(
            "no slashing protection database in " + dataDir.resolve(SlashingSchema.DIRECTORY));
      }
      try (RocksDbKvStore store = SlashingSchema.openDatabase(dataDir)) {
        final InterchangeV5Exporter.Result result;
        try (OutputStream output = new BufferedOutputStream(Files.newOutputStream(partial))) {
          result = SlashingProtection.openExisting(store).exportInterchange(output);
        } catch (final RuntimeException | IOException e) {
          Files.deleteIfExists(partial);
          throw e;
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
        return "exported "
            + result.blocks()
            + " blocks and "
            + result.attestations()
            + " attestations for "
            + result.validators()
            + " validators to "
            + file;
      }
    }
  }
}
