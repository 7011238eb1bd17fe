package io.dvc.bls.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.HashedMessage;
import io.dvc.bls.SignatureSet;
import io.dvc.common.bytes.Hex;
import io.dvc.common.testing.TestVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs every file of bls12-381-tests (ethereum/bls12-381-tests format: {@code output: null} means
 * the input is invalid). Each file is its own test; an unknown handler folder fails.
 */
class Bls12381VectorTest {
  /** RFC 9380 test DST used by the hash_to_G2 vectors. */
  private static final String HASH_TO_G2_DST = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";

  private static final List<String> HANDLERS =
      List.of(
          "sign",
          "verify",
          "aggregate",
          "fast_aggregate_verify",
          "aggregate_verify",
          "batch_verify",
          "deserialization_G1",
          "deserialization_G2",
          "hash_to_G2");

  @TestFactory
  Stream<DynamicTest> blsVectors() throws IOException {
    final Path root = VectorFiles.folder("bls12-381-tests");
    final List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> folders = Files.list(root)) {
      for (final Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
        final String handler = folder.getFileName().toString();
        if (!HANDLERS.contains(handler)) {
          tests.add(
              dynamicTest(
                  VectorFiles.name(folder),
                  () -> {
                    throw new AssertionError("no runner for vector handler " + handler);
                  }));
          continue;
        }
        for (final Path file : TestVectors.files(folder, ".json")) {
          tests.add(dynamicTest(VectorFiles.name(file), runner(handler, file)));
        }
      }
    }
    for (final String handler : HANDLERS) {
      assertThat(root.resolve(handler)).as("vector handler folder").isDirectory();
    }
    return tests.stream();
  }

  private static Executable runner(final String handler, final Path file) {
    return () -> {
      final JsonNode test = VectorFiles.read(file);
      final JsonNode input = test.get("input");
      final JsonNode output = test.get("output");
      switch (handler) {
        case "sign" -> sign(input, output);
        case "verify" -> assertThat(verify(input)).isEqualTo(output.asBoolean());
        case "aggregate" -> aggregate(input, output);
        case "fast_aggregate_verify" ->
            assertThat(fastAggregateVerify(input)).isEqualTo(output.asBoolean());
        case "aggregate_verify" -> assertThat(aggregateVerify(input)).isEqualTo(output.asBoolean());
        case "batch_verify" -> assertThat(batchVerify(input)).isEqualTo(output.asBoolean());
        case "deserialization_G1" ->
            assertThat(deserializesG1(input.get("pubkey").asText())).isEqualTo(output.asBoolean());
        case "deserialization_G2" ->
            assertThat(deserializesG2(input.get("signature").asText()))
                .isEqualTo(output.asBoolean());
        case "hash_to_G2" -> hashToG2(input, output);
        default -> throw new AssertionError("unknown handler " + handler);
      }
    };
  }

  private static void sign(final JsonNode input, final JsonNode output) {
    final byte[] privkey = Hex.decode(input.get("privkey").asText());
    final byte[] message = Hex.decode(input.get("message").asText());
    if (output.isNull()) {
      assertThatThrownBy(() -> BlsSecretKey.fromBytes(privkey).sign(message))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    final BlsSignature signature = Bls.sign(BlsSecretKey.fromBytes(privkey), message);
    assertThat(signature).isEqualTo(BlsSignature.fromHex(output.asText()));
    assertThat(BlsSecretKey.fromBytes(privkey).sign(HashedMessage.of(message)))
        .as("signing the message hashed beforehand")
        .isEqualTo(BlsSignature.fromHex(output.asText()));
  }

  private static boolean verify(final JsonNode input) {
    final Optional<BlsPublicKey> key = publicKey(input.get("pubkey").asText());
    final Optional<BlsSignature> signature = signature(input.get("signature").asText());
    return key.isPresent()
        && signature.isPresent()
        && Bls.verify(key.get(), Hex.decode(input.get("message").asText()), signature.get());
  }

  private static void aggregate(final JsonNode input, final JsonNode output) {
    final List<BlsSignature> signatures = new ArrayList<>();
    input.forEach(s -> signatures.add(BlsSignature.fromHex(s.asText())));
    if (output.isNull()) {
      assertThatThrownBy(() -> Bls.aggregate(signatures)).isInstanceOf(RuntimeException.class);
      return;
    }
    assertThat(Bls.aggregate(signatures)).isEqualTo(BlsSignature.fromHex(output.asText()));
  }

  private static boolean fastAggregateVerify(final JsonNode input) {
    final Optional<List<BlsPublicKey>> keys = publicKeys(input.get("pubkeys"));
    final Optional<BlsSignature> signature = signature(input.get("signature").asText());
    return keys.isPresent()
        && signature.isPresent()
        && Bls.fastAggregateVerify(
            keys.get(), Hex.decode(input.get("message").asText()), signature.get());
  }

  private static boolean aggregateVerify(final JsonNode input) {
    final Optional<List<BlsPublicKey>> keys = publicKeys(input.get("pubkeys"));
    final Optional<BlsSignature> signature = signature(input.get("signature").asText());
    return keys.isPresent()
        && signature.isPresent()
        && Bls.aggregateVerify(keys.get(), messages(input.get("messages")), signature.get());
  }

  private static boolean batchVerify(final JsonNode input) {
    final Optional<List<BlsPublicKey>> keys = publicKeys(input.get("pubkeys"));
    final List<byte[]> messages = messages(input.get("messages"));
    final List<BlsSignature> signatures = new ArrayList<>();
    for (final JsonNode node : input.get("signatures")) {
      final Optional<BlsSignature> signature = signature(node.asText());
      if (signature.isEmpty()) {
        return false;
      }
      signatures.add(signature.get());
    }
    if (keys.isEmpty()
        || keys.get().size() != messages.size()
        || messages.size() != signatures.size()) {
      return false;
    }
    final List<SignatureSet> sets = new ArrayList<>();
    for (int i = 0; i < signatures.size(); i++) {
      sets.add(new SignatureSet(keys.get().get(i), messages.get(i), signatures.get(i)));
    }
    return Bls.batchVerify(sets);
  }

  private static boolean deserializesG1(final String hex) {
    return publicKey(hex).map(BlsPublicKey::isDecodable).orElse(false);
  }

  private static boolean deserializesG2(final String hex) {
    return signature(hex).map(BlsSignature::isValid).orElse(false);
  }

  private static void hashToG2(final JsonNode input, final JsonNode output) {
    final byte[] message = input.get("msg").asText().getBytes(StandardCharsets.US_ASCII);
    final String[] x = output.get("x").asText().split(",");
    final String[] y = output.get("y").asText().split(",");
    // Uncompressed G2 encoding: x.c1 || x.c0 || y.c1 || y.c0.
    final String expected =
        Hex.encodeBare(Hex.decode(x[1]))
            + Hex.encodeBare(Hex.decode(x[0]))
            + Hex.encodeBare(Hex.decode(y[1]))
            + Hex.encodeBare(Hex.decode(y[0]));
    assertThat(Hex.encodeBare(Bls.hashToG2(message, HASH_TO_G2_DST))).isEqualTo(expected);
  }

  private static Optional<BlsPublicKey> publicKey(final String hex) {
    try {
      return Optional.of(BlsPublicKey.fromHex(hex));
    } catch (final IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<BlsSignature> signature(final String hex) {
    try {
      return Optional.of(BlsSignature.fromHex(hex));
    } catch (final IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<List<BlsPublicKey>> publicKeys(final JsonNode array) {
    final List<BlsPublicKey> keys = new ArrayList<>();
    for (final JsonNode node : array) {
      final Optional<BlsPublicKey> key = publicKey(node.asText());
      if (key.isEmpty()) {
        return Optional.empty();
      }
      keys.add(key.get());
    }
    return Optional.of(keys);
  }

  private static List<byte[]> messages(final JsonNode array) {
    final List<byte[]> messages = new ArrayList<>();
    array.forEach(node -> messages.add(Hex.decode(node.asText())));
    return messages;
  }
}
