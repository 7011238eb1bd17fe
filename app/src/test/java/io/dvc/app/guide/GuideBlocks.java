package io.dvc.app.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tested command blocks of docs/operating.md: a fenced {@code sh} block right after a line
 * {@code <!-- guide: ROLE -->} (ROLE: {@code operator} — run by every operator in its directory;
 * {@code creator}; {@code node} — every operator's long-running node).
 */
record GuideBlocks(List<Block> blocks) {
  /** One block: its role, its script (as written) and the doc line it starts on. */
  record Block(String role, String script, int line) {}

  private static final Pattern MARKER = Pattern.compile("^<!-- guide: ([a-z]+) -->\\s*$");

  static Path document() {
    final Path fromModule = Path.of("..", "docs", "operating.md");
    return Files.isRegularFile(fromModule) ? fromModule : Path.of("docs", "operating.md");
  }

  static GuideBlocks read(final Path file) throws IOException {
    return parse(Files.readAllLines(file));
  }

  static GuideBlocks parse(final List<String> lines) {
    final List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      final Matcher marker = MARKER.matcher(lines.get(i));
      if (!marker.matches()) {
        continue;
      }
      if (i + 1 >= lines.size() || !lines.get(i + 1).strip().equals("```sh")) {
        throw new IllegalStateException(
            "docs/operating.md line " + (i + 1) + ": a guide marker must be followed by ```sh");
      }
      final StringBuilder script = new StringBuilder();
      int j = i + 2;
      while (j < lines.size() && !lines.get(j).strip().equals("```")) {
        script.append(lines.get(j)).append('\n');
        j++;
      }
      if (j == lines.size()) {
        throw new IllegalStateException("docs/operating.md line " + (i + 2) + ": unclosed block");
      }
      blocks.add(new Block(marker.group(1), script.toString(), i + 1));
      i = j;
    }
    return new GuideBlocks(List.copyOf(blocks));
  }

  List<String> roles() {
    return blocks.stream().map(Block::role).toList();
  }
}
