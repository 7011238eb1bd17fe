package io.dvc.node.duties.exit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.crypto.PeerPublicKey;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * An operator's request that the cluster exit a validator: the chain (genesis validators root), the
 * validator's public key, the exit epoch every node signs, the slot at whose start the nodes sign,
 * the requesting operator's index, and that operator's identity-key signature over all of it. The
 * others check the signature against the lock's key of that operator before they sign anything.
 *
 * <p>JSON form (HTTP body of {@code POST /dvc/v1/exits} and the p2p message): {@code
 * {"genesis_validators_root", "pubkey", "epoch", "slot", "operator", "signature"}}, numbers as
 * decimal strings, bytes as 0x-hex.
 */
public record ExitRequest(
    Bytes genesisValidatorsRoot,
    Bytes pubkey,
    long epoch,
    long slot,
    int operator,
    Bytes signature) {
  /** The largest encoded request accepted. */
  public static final int MAX_BYTES = 2048;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] DOMAIN =
      "dvc/voluntary-exit-request/1".getBytes(StandardCharsets.US_ASCII);
  private static final Set<String> FIELDS =
      Set.of("genesis_validators_root", "pubkey", "epoch", "slot", "operator", "signature");

  /** A request signed with the operator's identity key. */
  public static ExitRequest signed(
      final Bytes genesisValidatorsRoot,
      final Bytes pubkey,
      final long epoch,
      final long slot,
      final int operator,
      final NodeKey identity) {
    final byte[] payload = payload(genesisValidatorsRoot, pubkey, epoch, slot, operator);
    return new ExitRequest(
        genesisValidatorsRoot, pubkey, epoch, slot, operator, Bytes.of(identity.sign(payload)));
  }

  /** Whether the signature is this key's over the request. */
  public boolean signedBy(final PeerPublicKey key) {
    try {
      return key.verify(
          payload(genesisValidatorsRoot, pubkey, epoch, slot, operator), signature.toArray());
    } catch (final RuntimeException e) {
      return false;
    }
  }

  private static byte[] payload(
      final Bytes root, final Bytes pubkey, final long epoch, final long slot, final int operator) {
    return ByteBuffer.allocate(DOMAIN.length + 32 + 48 + 8 + 8 + 4)
        .put(DOMAIN)
        .put(root.toArray())
        .put(pubkey.toArray())
        .putLong(epoch)
        .putLong(slot)
        .putInt(operator)
        .array();
  }

  public ObjectNode toJson() {
    final ObjectNode json = MAPPER.createObjectNode();
    json.put("genesis_validators_root", genesisValidatorsRoot.toHex());
    json.put("pubkey", pubkey.toHex());
    json.put("epoch", Long.toUnsignedString(epoch));
    json.put("slot", Long.toUnsignedString(slot));
    json.put("operator", Integer.toString(operator));
    json.put("signature", signature.toHex());
    return json;
  }

  public byte[] toBytes() {
    return toJson().toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the JSON form.
   *
   * @throws IllegalArgumentException with one line naming the field and the reason
   */
  public static ExitRequest fromBytes(final byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "exit request is " + bytes.length + " bytes, more than " + MAX_BYTES);
    }
    final JsonNode json;
    try {
      json = MAPPER.readTree(bytes);
    } catch (final IOException e) {
      throw new IllegalArgumentException("exit request is not JSON");
    }
    return fromJson(json);
  }

  /** Reads the JSON form (see {@link #fromBytes}). */
  public static ExitRequest fromJson(final JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("exit request is not a JSON object");
    }
    json.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("exit request has an unknown field");
              }
            });
    final long operator = uint64(json, "operator");
    if (operator < 1 || operator > 1024) {
      throw new IllegalArgumentException("exit request field 'operator' is not an operator index");
    }
    final Bytes signature = hex(json, "signature", -1);
    if (signature.size() == 0 || signature.size() > 80) {
      throw new IllegalArgumentException("exit request field 'signature' has a bad length");
    }
    return new ExitRequest(
        hex(json, "genesis_validators_root", 32),
        hex(json, "pubkey", 48),
        uint64(json, "epoch"),
        uint64(json, "slot"),
        (int) operator,
        signature);
  }

  private static String text(final JsonNode json, final String field) {
    final JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(
          "exit request field '" + field + "' is missing or not a string");
    }
    return value.textValue();
  }

  private static long uint64(final JsonNode json, final String field) {
    final String text = text(json, field);
    if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "exit request field '" + field + "' is not a decimal number below 2^63");
    }
    return Long.parseLong(text);
  }

  private static Bytes hex(final JsonNode json, final String field, final int length) {
    try {
      final Bytes bytes = Bytes.fromHex(text(json, field));
      if (length >= 0 && bytes.size() != length) {
        throw new IllegalArgumentException("wrong length");
      }
      return bytes;
    } catch (final IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("exit request")) {
        throw e;
      }
      throw new IllegalArgumentException(
          "exit request field '"
              + field
              + "' is not "
              + (length >= 0 ? length + " bytes of " : "")
              + "0x-hex");
    }
  }
}
