package io.dvc.slashing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Streams an EIP-3076 interchange (format version 5) with Jackson's streaming parser, checks every
 * field and hands each validator entry to a {@link Sink}. It holds one entry at a time, never the
 * whole file. Every problem is an {@link InterchangeFormatException} naming the field by its JSON
 * path. Unknown fields are skipped, as the format allows.
 */
final class InterchangeV5Reader {
  static final String FORMAT_VERSION = "5";

  /** Most records accepted in one file: a bound on memory for hostile input. */
  static final long MAX_RECORDS = 5_000_000;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(16)
                  .maxStringLength(4096)
                  .maxNumberLength(64)
                  .maxNameLength(256)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Receives the parsed content in file order. */
  interface Sink {
    void metadata(Root genesisValidatorsRoot);

    void validator(
        Pubkey pubkey, List<SignedBlockRecord> blocks, List<SignedAttestationRecord> attestations);
  }

  private final String sourceName;
  private final Sink sink;
  private JsonParser parser;
  private long records;

  InterchangeV5Reader(final String sourceName, final Sink sink) {
    this.sourceName = sourceName;
    this.sink = sink;
  }

  void read(final InputStream input) {
    try (JsonParser jsonParser = JSON.createParser(input)) {
      parser = jsonParser;
      readRoot();
    } catch (final JsonProcessingException e) {
      final String where =
          parser == null ? "/" : parser.getParsingContext().pathAsPointer().toString();
      throw new InterchangeFormatException(
          sourceName
              + ": invalid JSON at "
              + (where.isEmpty() ? "/" : where)
              + ": "
              + e.getOriginalMessage().lines().findFirst().orElse("unreadable"),
          e);
    } catch (final java.io.CharConversionException e) {
      // bytes that are not text in the encoding Jackson detected (JSON is UTF-8/16/32): the
      // file's fault, not the disk's
      throw new InterchangeFormatException(
          sourceName + ": invalid JSON: not valid UTF-8, UTF-16 or UTF-32 text", e);
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read " + sourceName, e);
    }
  }

  private void readRoot() throws IOException {
    expect(parser.nextToken(), JsonToken.START_OBJECT, "(root)", "an object");
    boolean metadata = false;
    boolean data = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      final String name = parser.currentName();
      parser.nextToken();
      switch (name) {
        case "metadata" -> {
          readMetadata();
          metadata = true;
        }
        case "data" -> {
          readData();
          data = true;
        }
        default -> parser.skipChildren();
      }
    }
    require(metadata, "metadata", "is missing");
    require(data, "data", "is missing");
    if (parser.nextToken() != null) {
      throw fail("(root)", "unexpected content after the interchange object");
    }
  }

  private void readMetadata() throws IOException {
    expect(parser.currentToken(), JsonToken.START_OBJECT, "metadata", "an object");
    Optional<String> version = Optional.empty();
    Optional<Root> root = Optional.empty();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      final String name = parser.currentName();
      parser.nextToken();
      switch (name) {
        case "interchange_format_version" ->
            version = Optional.of(text("metadata.interchange_format_version"));
        case "genesis_validators_root" ->
            root = Optional.of(root("metadata.genesis_validators_root"));
        default -> parser.skipChildren();
      }
    }
    require(version.isPresent(), "metadata.interchange_format_version", "is missing");
    if (!version.get().equals(FORMAT_VERSION)) {
      throw fail(
          "metadata.interchange_format_version",
          "is \"" + version.get() + "\" but only version " + FORMAT_VERSION + " is supported");
    }
    require(root.isPresent(), "metadata.genesis_validators_root", "is missing");
    sink.metadata(root.get());
  }

  private void readData() throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY, "data", "an array");
    int index = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      readValidator("data[" + index + "]");
      index++;
    }
  }

  private void readValidator(final String path) throws IOException {
    expect(parser.currentToken(), JsonToken.START_OBJECT, path, "an object");
    Optional<Pubkey> pubkey = Optional.empty();
    Optional<List<SignedBlockRecord>> blocks = Optional.empty();
    Optional<List<SignedAttestationRecord>> attestations = Optional.empty();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      final String name = parser.currentName();
      parser.nextToken();
      switch (name) {
        case "pubkey" -> pubkey = Optional.of(pubkey(path + ".pubkey"));
        case "signed_blocks" -> blocks = Optional.of(readBlocks(path + ".signed_blocks"));
        case "signed_attestations" ->
            attestations = Optional.of(readAttestations(path + ".signed_attestations"));
        default -> parser.skipChildren();
      }
    }
    require(pubkey.isPresent(), path + ".pubkey", "is missing");
    require(blocks.isPresent(), path + ".signed_blocks", "is missing");
    require(attestations.isPresent(), path + ".signed_attestations", "is missing");
    sink.validator(pubkey.get(), blocks.get(), attestations.get());
  }

  private List<SignedBlockRecord> readBlocks(final String path) throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY, path, "an array");
    final List<SignedBlockRecord> blocks = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      final String itemPath = path + "[" + blocks.size() + "]";
      countRecord(itemPath);
      expect(parser.currentToken(), JsonToken.START_OBJECT, itemPath, "an object");
      Optional<Long> slot = Optional.empty();
      Optional<Root> signingRoot = Optional.empty();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        final String name = parser.currentName();
        parser.nextToken();
        switch (name) {
          case "slot" -> slot = Optional.of(uint64(itemPath + ".slot"));
          case "signing_root" -> signingRoot = optionalRoot(itemPath + ".signing_root");
          default -> parser.skipChildren();
        }
      }
      require(slot.isPresent(), itemPath + ".slot", "is missing");
      blocks.add(new SignedBlockRecord(slot.get(), signingRoot));
    }
    return blocks;
  }

  private List<SignedAttestationRecord> readAttestations(final String path) throws IOException {
    expect(parser.currentToken(), JsonToken.START_ARRAY, path, "an array");
    final List<SignedAttestationRecord> attestations = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      final String itemPath = path + "[" + attestations.size() + "]";
      countRecord(itemPath);
      expect(parser.currentToken(), JsonToken.START_OBJECT, itemPath, "an object");
      Optional<Long> source = Optional.empty();
      Optional<Long> target = Optional.empty();
      Optional<Root> signingRoot = Optional.empty();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        final String name = parser.currentName();
        parser.nextToken();
        switch (name) {
          case "source_epoch" -> source = Optional.of(uint64(itemPath + ".source_epoch"));
          case "target_epoch" -> target = Optional.of(uint64(itemPath + ".target_epoch"));
          case "signing_root" -> signingRoot = optionalRoot(itemPath + ".signing_root");
          default -> parser.skipChildren();
        }
      }
      require(source.isPresent(), itemPath + ".source_epoch", "is missing");
      require(target.isPresent(), itemPath + ".target_epoch", "is missing");
      attestations.add(new SignedAttestationRecord(source.get(), target.get(), signingRoot));
    }
    return attestations;
  }

  private void countRecord(final String path) {
    records++;
    if (records > MAX_RECORDS) {
      throw fail(path, "more than " + MAX_RECORDS + " records in one file");
    }
  }

  private String text(final String path) throws IOException {
    expect(parser.currentToken(), JsonToken.VALUE_STRING, path, "a string");
    return parser.getText();
  }

  private long uint64(final String path) throws IOException {
    final String text = text(path);
    try {
      return UInt64.parse(text);
    } catch (final NumberFormatException e) {
      throw fail(path, "\"" + abbreviate(text) + "\" is not a decimal uint64 string");
    }
  }

  private Pubkey pubkey(final String path) throws IOException {
    final String text = text(path);
    try {
      return Pubkey.fromHex(prefixed(path, text));
    } catch (final IllegalArgumentException e) {
      throw fail(path, "is not a 48-byte 0x-hex pubkey (" + e.getMessage() + ")");
    }
  }

  private Root root(final String path) throws IOException {
    final String text = text(path);
    try {
      return Root.fromHex(prefixed(path, text));
    } catch (final IllegalArgumentException e) {
      throw fail(path, "is not a 32-byte 0x-hex root (" + e.getMessage() + ")");
    }
  }

  private Optional<Root> optionalRoot(final String path) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return Optional.empty();
    }
    return Optional.of(root(path));
  }

  private String prefixed(final String path, final String text) {
    if (!text.startsWith("0x")) {
      throw fail(path, "must start with 0x");
    }
    return text;
  }

  private void expect(
      final JsonToken actual, final JsonToken expected, final String path, final String what) {
    if (actual != expected) {
      throw fail(path, "must be " + what + " but is " + describe(actual));
    }
  }

  private static String describe(final JsonToken token) {
    if (token == null) {
      return "the end of the input";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }

  private void require(final boolean present, final String path, final String reason) {
    if (!present) {
      throw fail(path, reason);
    }
  }

  private InterchangeFormatException fail(final String path, final String reason) {
    return new InterchangeFormatException(sourceName + ": " + path + " " + reason);
  }

  private static String abbreviate(final String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
