package io.dvc.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class NodeStatusTest {
  private static StatusSection section(final String name, final Supplier<JsonNode> content) {
    return new StatusSection() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public JsonNode snapshot() {
        return content.get();
      }
    };
  }

  private static ObjectNode object(final String key, final int value) {
    return JsonNodeFactory.instance.objectNode().put(key, value);
  }

  @Test
  void sectionsAppearInRegistrationOrderAfterVersionTimeAndState() {
    final NodeStatus status = new NodeStatus(() -> Optional.of("starting"), () -> 42);
    status.register(section("b", () -> object("x", 1)));
    status.register(section("a", () -> object("y", 2)));

    final ObjectNode doc = status.snapshot();

    assertThat(doc.toString())
        .isEqualTo(
            "{\"version\":\"dvc/status/v1\",\"time_ms\":42,\"state\":\"starting\","
                + "\"b\":{\"x\":1},\"a\":{\"y\":2}}");
  }

  @Test
  void aFailingSectionShowsItsErrorWithoutHidingTheOthers() {
    final NodeStatus status = new NodeStatus(Optional::empty, () -> 0);
    status.register(
        section(
            "broken",
            () -> {
              throw new IllegalStateException("disk gone\nsecond line");
            }));
    status.register(section("fine", () -> object("ok", 1)));

    final ObjectNode doc = status.snapshot();

    assertThat(doc.path("state").asText()).isEqualTo("ready");
    assertThat(doc.path("broken").path("error").asText()).isEqualTo("disk gone\\nsecond line");
    assertThat(doc.path("fine").path("ok").asInt()).isEqualTo(1);
  }

  @Test
  void registeringASectionAgainReplacesIt() {
    final NodeStatus status = new NodeStatus(Optional::empty, () -> 0);
    status.register(section("s", () -> object("v", 1)));
    status.register(section("s", () -> object("v", 2)));

    assertThat(List.of(status.snapshot().fieldNames().next())).containsExactly("version");
    assertThat(status.snapshot().path("s").path("v").asInt()).isEqualTo(2);
    assertThat(status.snapshot().size()).isEqualTo(4);
  }
}
