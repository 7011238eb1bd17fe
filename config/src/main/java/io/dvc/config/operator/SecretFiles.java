package io.dvc.config.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that only their owner may read: created with mode 0600 from the start (no window); and the
 * modes of everything the ceremony writes, set explicitly so that the process umask (even 000)
 * cannot make an operator directory or a file writable by others.
 */
public final class SecretFiles {
  private SecretFiles() {}

  /** Creates a new file with mode 0600 (on POSIX file systems) and writes the text. */
  public static void writeOwnerOnly(final Path file, final String text) throws IOException {
    final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    final FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    Files.createFile(file, attributes);
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Creates a directory with mode 0700 (on POSIX file systems), whatever the umask. */
  public static Path createOwnerOnlyDirectory(final Path dir) throws IOException {
    Files.createDirectory(dir);
    if (isPosix()) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    return dir;
  }

  /** Writes a new file that anyone may read but only the owner write (0644), whatever the umask. */
  public static void writePublic(final Path file, final String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    if (isPosix()) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private static boolean isPosix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** True when group or others may read or write the file (POSIX only). */
  public static boolean isExposed(final Path file) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return false;
    }
    final Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
    return p.contains(PosixFilePermission.GROUP_READ)
        || p.contains(PosixFilePermission.OTHERS_READ)
        || p.contains(PosixFilePermission.GROUP_WRITE)
        || p.contains(PosixFilePermission.OTHERS_WRITE);
  }

  /** A password file's password: the text without its trailing line break(s). */
  public static String readPassword(final Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    while (text.endsWith("\n") || text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }
}
