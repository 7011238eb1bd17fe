package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Ssz;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@code POST /eth/v1/beacon/states/head/validators} with {@code {"ids": [...]}}; its older form
 * (beacon nodes before 2023, e.g. Lodestar 1.5.1 answers 404) is {@code GET
 * .../validators?id=a&id=b}. Ids are validator indices or 0x-pubkeys. One request carries at most
 * as many ids as fit a GET URL ({@link #MAX_ID_CHARS}); {@link #fetch} splits a long list.
 *
 * <p>Refused: an entry that is not one of the ids asked for, a pubkey that is not 48 bytes, a
 * status that is not a lower-case word.
 */
public final class PostStateValidators implements BeaconRequest<List<ValidatorInfo>> {
  static final String ENDPOINT = "/eth/v1/beacon/states/head/validators";

  /** The id characters per request: keeps the GET form's URL under 8 KiB. */
  public static final int MAX_ID_CHARS = 6000;

  private static final Pattern INDEX = Pattern.compile("\\d{1,20}");
  private static final Pattern PUBKEY = Pattern.compile("0x[0-9a-fA-F]{96}");
  private static final Pattern STATUS = Pattern.compile("[a-z_]{1,40}");

  private final List<String> ids;
  private final boolean get;

  /** Ids are indices (decimal) or 0x-hex pubkeys, at most {@link #MAX_ID_CHARS} in total. */
  public PostStateValidators(final List<String> ids) {
    this(ids, false);
  }

  private PostStateValidators(final List<String> ids, final boolean get) {
    int chars = 0;
    for (final String id : ids) {
      if (!INDEX.matcher(id).matches() && !PUBKEY.matcher(id).matches()) {
        throw new IllegalArgumentException("not a validator index or 0x-pubkey: " + id);
      }
      chars += id.length() + 1;
    }
    if (ids.isEmpty() || chars > MAX_ID_CHARS + 1) {
      throw new IllegalArgumentException(
          "between 1 id and " + MAX_ID_CHARS + " characters of ids per request, got " + chars);
    }
    this.ids = List.copyOf(ids);
    this.get = get;
  }

  /** Splits {@code ids} into requests that each fit a GET URL. */
  public static List<PostStateValidators> chunks(final List<String> ids) {
    final List<PostStateValidators> requests = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    int chars = 0;
    for (final String id : ids) {
      if (!chunk.isEmpty() && chars + id.length() + 1 > MAX_ID_CHARS) {
        requests.add(new PostStateValidators(chunk));
        chunk = new ArrayList<>();
        chars = 0;
      }
      chunk.add(id);
      chars += id.length() + 1;
    }
    if (!chunk.isEmpty()) {
      requests.add(new PostStateValidators(chunk));
    }
    return requests;
  }

  /** Looks up every id, one chunk after another (start-up code), and joins the answers. */
  public static CompletableFuture<List<ValidatorInfo>> fetch(
      final BeaconClient client, final List<String> ids) {
    CompletableFuture<List<ValidatorInfo>> all = CompletableFuture.completedFuture(List.of());
    for (final PostStateValidators chunk : chunks(ids)) {
      all =
          all.thenCompose(
              sofar ->
                  client
                      .call(chunk)
                      .thenApply(
                          more -> {
                            final List<ValidatorInfo> joined = new ArrayList<>(sofar);
                            joined.addAll(more);
                            return List.copyOf(joined);
                          }));
    }
    return all;
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
      // The parameter repeated, as OpenAPI's exploded form: Lodestar 1.5 ignores "id=a,b".
      return HttpForm.get(
          ENDPOINT + "?" + String.join("&", ids.stream().map(id -> "id=" + id).toList()));
    }
    final ObjectNode body = JsonNodeFactory.instance.objectNode();
    ids.forEach(body.putArray("ids")::add);
    return HttpForm.postJson(ENDPOINT, body.toString(), Map.of());
  }

  @Override
  public Optional<BeaconRequest<List<ValidatorInfo>>> olderForm() {
    return get ? Optional.empty() : Optional.of(new PostStateValidators(ids, true));
  }

  @Override
  public int maxAnswerBytes() {
    return Answers.bound(64 << 10, 1024, ids.size());
  }

  @Override
  public List<ValidatorInfo> read(final BeaconAnswer answer) {
    final Set<String> asked = new HashSet<>();
    ids.forEach(id -> asked.add(id.toLowerCase(Locale.ROOT)));
    final JsonNode data = answer.data(ENDPOINT);
    if (!data.isArray()) {
      throw Answers.invalid(answer, ENDPOINT, "data is not an array");
    }
    final List<ValidatorInfo> validators = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      final JsonNode entry = data.get(i);
      final String at = "data[" + i + "]";
      final long index =
          Answers.read(answer, ENDPOINT, entry.get("index"), at + ".index", Ssz.UINT64);
      final Bytes pubkey =
          Answers.read(
              answer,
              ENDPOINT,
              entry.path("validator").get("pubkey"),
              at + ".validator.pubkey",
              Ssz.BYTES48);
      final JsonNode status = entry.get("status");
      if (status == null || !status.isTextual() || !STATUS.matcher(status.asText()).matches()) {
        throw Answers.invalid(answer, ENDPOINT, at + ".status is not a status word");
      }
      if (!asked.contains(Long.toUnsignedString(index)) && !asked.contains(pubkey.toString())) {
        throw Answers.invalid(
            answer,
            ENDPOINT,
            at + " is validator " + Long.toUnsignedString(index) + ", not asked for");
      }
      validators.add(new ValidatorInfo(index, pubkey, status.asText()));
    }
    return List.copyOf(validators);
  }
}
