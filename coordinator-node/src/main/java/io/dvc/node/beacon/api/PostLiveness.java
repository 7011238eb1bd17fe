package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /eth/v1/validator/liveness/{epoch}} with validator indices: whether the beacon node
 * saw each validator active in the epoch (e.g. its attestation). Refused: an entry for a validator
 * not asked for, or listed twice, an index that is not a uint64, {@code is_live} not a boolean. The
 * index is read as the spec's decimal string or as a JSON number (Lodestar 1.5.1 answers numbers).
 * Older form for beacon nodes that predate the POST (404/405; Lodestar 1.5.1): {@code GET
 * /eth/v1/validator/liveness?indices=a&indices=b&epoch=e}, the parameter repeated.
 */
public final class PostLiveness implements BeaconRequest<List<ValidatorLiveness>> {
  private static final String ENDPOINT = "/eth/v1/validator/liveness/{epoch}";

  private final long epoch;
  private final List<Long> validatorIndices;
  private final boolean get;

  public PostLiveness(final long epoch, final List<Long> validatorIndices) {
    this(epoch, validatorIndices, false);
  }

  private PostLiveness(final long epoch, final List<Long> validatorIndices, final boolean get) {
    this.epoch = epoch;
    this.validatorIndices = List.copyOf(validatorIndices);
    this.get = get;
  }

  @Override
  public Optional<BeaconRequest<List<ValidatorLiveness>>> olderForm() {
    return get ? Optional.empty() : Optional.of(new PostLiveness(epoch, validatorIndices, true));
  }

  @Override
  public Kind kind() {
    return Kind.READ;
  }

  @Override
  public String endpoint() {
    return ENDPOINT;
  }

  @Override
  public HttpForm form() {
    if (get) {
      return HttpForm.get(
          "/eth/v1/validator/liveness?"
              + String.join(
                  "&",
                  validatorIndices.stream()
                      .map(i -> "indices=" + Long.toUnsignedString(i))
                      .toList())
              + "&epoch="
              + Long.toUnsignedString(epoch));
    }
    return HttpForm.postJson(
        "/eth/v1/validator/liveness/" + Long.toUnsignedString(epoch),
        Answers.indicesJson(validatorIndices),
        Map.of());
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(16 << 10, 128, validatorIndices.size());
  }

  @Override
  public List<ValidatorLiveness> read(final BeaconAnswer answer) {
    final JsonNode data = answer.data(ENDPOINT);
    if (!data.isArray()) {
      throw Answers.invalid(answer, ENDPOINT, "data is not an array");
    }
    final List<ValidatorLiveness> entries = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      entries.add(entry(answer, data.get(i), "data[" + i + "]"));
    }
    final Set<Long> asked = new HashSet<>(validatorIndices);
    final Set<Long> seen = new HashSet<>();
    for (final ValidatorLiveness entry : entries) {
      final String which = "validator " + Long.toUnsignedString(entry.index());
      if (!asked.contains(entry.index())) {
        throw Answers.invalid(answer, ENDPOINT, which + " not asked for");
      }
      if (!seen.add(entry.index())) {
        throw Answers.invalid(answer, ENDPOINT, which + " appears twice");
      }
    }
    return List.copyOf(entries);
  }

  private static ValidatorLiveness entry(
      final BeaconAnswer answer, final JsonNode json, final String name) {
    final JsonNode index = json.get("index");
    final JsonNode live = json.get("is_live");
    if (index == null || live == null) {
      throw Answers.invalid(answer, ENDPOINT, name + " lacks index or is_live");
    }
    if (!live.isBoolean()) {
      throw Answers.invalid(answer, ENDPOINT, name + ".is_live is not a boolean");
    }
    return new ValidatorLiveness(uint64(answer, index, name + ".index"), live.booleanValue());
  }

  /** A uint64 as a decimal string (the spec) or a non-negative integral JSON number. */
  private static long uint64(final BeaconAnswer answer, final JsonNode json, final String name) {
    final String text;
    if (json.isTextual()) {
      text = json.textValue();
    } else if (json.isIntegralNumber() && json.bigIntegerValue().signum() >= 0) {
      text = json.bigIntegerValue().toString();
    } else {
      throw Answers.invalid(answer, ENDPOINT, name + " is not a uint64");
    }
    try {
      if (text.isEmpty() || text.length() > 20 || !text.chars().allMatch(Character::isDigit)) {
        throw new NumberFormatException();
      }
      return Long.parseUnsignedLong(text);
    } catch (final NumberFormatException e) {
      throw Answers.invalid(answer, ENDPOINT, name + " is not a uint64");
    }
  }
}
