package io.dvc.config.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Mutations of a JSON document for tests: every leaf value changed (hex: last digit flipped;
 * numbers: +1; other text: through {@code textMutation}), every object field removed, every array
 * element removed; and random single-byte changes of non-whitespace bytes.
 */
public final class JsonMutations {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One mutated document and a description (JSON path and change). */
  public record Mutation(String path, String change, String text) {
    @Override
    public String toString() {
      return path + " (" + change + ")";
    }
  }

  private JsonMutations() {}

  public static List<Mutation> leafAndStructureMutations(
      final String json, final UnaryOperator<String> textMutation) {
    final JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (final Exception e) {
      throw new IllegalArgumentException(e);
    }
    final List<Mutation> out = new ArrayList<>();
    walk(root, root, "$", new ArrayList<>(), out, textMutation);
    return out;
  }

  private static void walk(
      final JsonNode root,
      final JsonNode node,
      final String path,
      final List<Object> steps,
      final List<Mutation> out,
      final UnaryOperator<String> textMutation) {
    if (node.isObject()) {
      final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      final List<String> names = new ArrayList<>();
      fields.forEachRemaining(e -> names.add(e.getKey()));
      for (final String name : names) {
        final List<Object> next = append(steps, name);
        out.add(new Mutation(path + "." + name, "field removed", edit(root, next, null, true)));
        walk(root, node.get(name), path + "." + name, next, out, textMutation);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        final List<Object> next = append(steps, i);
        out.add(
            new Mutation(path + "[" + i + "]", "element removed", edit(root, next, null, true)));
        walk(root, node.get(i), path + "[" + i + "]", next, out, textMutation);
      }
    } else if (node.isNumber()) {
      out.add(
          new Mutation(
              path,
              "number + 1",
              edit(root, steps, MAPPER.getNodeFactory().numberNode(node.longValue() + 1), false)));
    } else if (node.isTextual()) {
      final String text = node.textValue();
      final String changed = isHex(text) ? flipLastHexDigit(text) : textMutation.apply(text);
      out.add(
          new Mutation(
              path,
              "'" + shorten(text) + "' -> '" + shorten(changed) + "'",
              edit(root, steps, TextNode.valueOf(changed), false)));
    }
  }

  private static String shorten(final String text) {
    return text.length() > 24
        ? text.substring(0, 10) + "…" + text.substring(text.length() - 10)
        : text;
  }

  private static boolean isHex(final String text) {
    return text.matches("(0x)?[0-9a-f]+") && text.length() >= 4;
  }

  static String flipLastHexDigit(final String text) {
    final char last = text.charAt(text.length() - 1);
    final int value = Character.digit(last, 16) ^ 1;
    return text.substring(0, text.length() - 1) + Character.forDigit(value, 16);
  }

  private static List<Object> append(final List<Object> steps, final Object step) {
    final List<Object> next = new ArrayList<>(steps);
    next.add(step);
    return next;
  }

  private static String edit(
      final JsonNode root, final List<Object> steps, final JsonNode value, final boolean remove) {
    final JsonNode copy = root.deepCopy();
    JsonNode parent = copy;
    for (int i = 0; i < steps.size() - 1; i++) {
      final Object step = steps.get(i);
      parent = step instanceof Integer idx ? parent.get(idx) : parent.get((String) step);
    }
    final Object last = steps.get(steps.size() - 1);
    if (last instanceof Integer idx) {
      if (remove) {
        ((ArrayNode) parent).remove(idx);
      } else {
        ((ArrayNode) parent).set(idx, value);
      }
    } else if (remove) {
      ((ObjectNode) parent).remove((String) last);
    } else {
      ((ObjectNode) parent).set((String) last, value);
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(copy);
    } catch (final Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code count} copies of the text, each with one non-whitespace byte changed (seeded). */
  public static List<Mutation> byteMutations(final String text, final int count, final long seed) {
    final byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    final List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      if (!Character.isWhitespace(bytes[i])) {
        positions.add(i);
      }
    }
    final Random random = new Random(seed);
    final List<Mutation> out = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      final int position = positions.get(random.nextInt(positions.size()));
      final byte[] copy = bytes.clone();
      // Hex is read in any case, so a change of letter case only is no change: never make one.
      do {
        copy[position] = (byte) (bytes[position] ^ (1 + random.nextInt(255)));
      } while (Character.toLowerCase((char) (copy[position] & 0xff))
          == Character.toLowerCase((char) (bytes[position] & 0xff)));
      out.add(
          new Mutation(
              "byte " + position,
              String.format("0x%02x -> 0x%02x", bytes[position], copy[position]),
              new String(copy, java.nio.charset.StandardCharsets.UTF_8)));
    }
    return out;
  }
}
