package io.dvc.node.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A client and its version, from a {@code /eth/v1/node/version} string such as {@code
 * Lighthouse/v5.3.0-d6ba8c3/x86_64-linux}: the client is the part before the first '/', lower case;
 * the version the part after it up to the next '/'.
 */
public record ClientVersion(String client, String version) {
  public static final int MAX_LENGTH = 100;

  public ClientVersion {
    if (client.isEmpty() || client.length() > MAX_LENGTH || version.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("client name must have 1..100 and version 0..100 chars");
    }
  }

  public static ClientVersion parse(final String versionString) {
    final String text = versionString.strip();
    final int slash = text.indexOf('/');
    final String client = (slash < 0 ? text : text.substring(0, slash)).toLowerCase(Locale.ROOT);
    String version = slash < 0 ? "" : text.substring(slash + 1);
    final int next = version.indexOf('/');
    if (next >= 0) {
      version = version.substring(0, next);
    }
    return new ClientVersion(client.isEmpty() ? "unknown" : cut(client), cut(version.strip()));
  }

  private static String cut(final String text) {
    return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
  }

  /** The numbers at the start of the version ({@code v5.3.0-rc1} → 5, 3, 0). */
  public List<Integer> numbers() {
    final List<Integer> numbers = new ArrayList<>();
    final String text = version.startsWith("v") ? version.substring(1) : version;
    for (final String part : text.split("\\.")) {
      int end = 0;
      while (end < part.length() && end < 9 && Character.isDigit(part.charAt(end))) {
        end++;
      }
      if (end == 0) {
        break;
      }
      numbers.add(Integer.parseInt(part.substring(0, end)));
      if (end < part.length()) {
        break;
      }
    }
    return numbers;
  }

  /** Whether this release is behind {@code other}'s in its major or minor number. */
  public boolean behindInMinor(final ClientVersion other) {
    final List<Integer> mine = numbers();
    final List<Integer> theirs = other.numbers();
    for (int i = 0; i < 2; i++) {
      final int a = i < mine.size() ? mine.get(i) : 0;
      final int b = i < theirs.size() ? theirs.get(i) : 0;
      if (a != b) {
        return a < b;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return version.isEmpty() ? client : client + " " + version;
  }
}
