package io.dvc.node.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  @Test
  void dispatchesNamedEventsOnBlankLinesAndJoinsDataLines() {
    final List<String> seen = new ArrayList<>();
    final HeadEventStream.SseParser parser =
        new HeadEventStream.SseParser((event, data) -> seen.add(event + "|" + data));
    for (final String line :
        List.of(": comment", "event: head", "data: {\"a\":", "data: 1}", "", "", "data: x", "")) {
      parser.line(line);
    }
    assertThat(seen).containsExactly("head|{\"a\":\n1}", "message|x");
  }
}
