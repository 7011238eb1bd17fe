package io.dvc.node.monitor;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Canonical protobuf encoding of the client-info message ({@code /dvc/clientinfo/1.0.0}):
 *
 * <pre>
 * message Client     { string client = 1; string version = 2; }
 * message ClientInfo { uint32 operator_index = 1; string dvc_version = 2; uint64 unix_millis = 3;
 *                      repeated Client beacon_nodes = 4; Client execution = 5; }
 * message SignedClientInfo { bytes payload = 1; bytes operator_signature = 2; }
 * </pre>
 *
 * The operator signs {@code "dvc/clientinfo/1" ‖ payload} with its identity key. A message is at
 * most {@value #MAX_WIRE_BYTES} bytes; strings are UTF-8 of at most 100 characters without control
 * characters; at most 16 beacon nodes. Anything else is refused with an {@link
 * IllegalArgumentException} naming the problem.
 */
public final class ClientInfoCodec {
  public static final int MAX_WIRE_BYTES = 4096;
  static final byte[] DOMAIN = "dvc/clientinfo/1".getBytes(StandardCharsets.US_ASCII);

  private ClientInfoCodec() {}

  /** A decoded message with what its signature covers. */
  public record Signed(ClientInfo info, byte[] signedBytes, byte[] operatorSignature) {}

  public static byte[] encodePayload(final ClientInfo info) {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    final CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      if (info.operatorIndex() != 0) {
        out.writeUInt32(1, info.operatorIndex());
      }
      if (!info.dvcVersion().isEmpty()) {
        out.writeString(2, info.dvcVersion());
      }
      if (info.unixMillis() != 0) {
        out.writeUInt64(3, info.unixMillis());
      }
      for (final ClientVersion client : info.beaconNodes()) {
        out.writeByteArray(4, encodeClient(client));
      }
      if (info.execution().isPresent()) {
        out.writeByteArray(5, encodeClient(info.execution().get()));
      }
      out.flush();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] encodeClient(final ClientVersion client) throws IOException {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    final CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(1, client.client());
    if (!client.version().isEmpty()) {
      out.writeString(2, client.version());
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** What the operator signs: the domain and the payload. */
  public static byte[] signedBytes(final byte[] payload) {
    final byte[] message = new byte[DOMAIN.length + payload.length];
    System.arraycopy(DOMAIN, 0, message, 0, DOMAIN.length);
    System.arraycopy(payload, 0, message, DOMAIN.length, payload.length);
    return message;
  }

  public static byte[] encodeSigned(final byte[] payload, final byte[] operatorSignature) {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 80);
    final CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeByteArray(1, payload);
      out.writeByteArray(2, operatorSignature);
      out.flush();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static Signed decodeSigned(final byte[] wire) {
    if (wire.length > MAX_WIRE_BYTES) {
      throw new IllegalArgumentException(
          "client-info message of " + wire.length + " bytes exceeds " + MAX_WIRE_BYTES);
    }
    try {
      final CodedInputStream in = CodedInputStream.newInstance(wire);
      byte[] payload = null;
      byte[] signature = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (tag) {
          case (1 << 3) | 2 -> payload = once(payload, in.readByteArray(), "payload");
          case (2 << 3) | 2 -> signature = once(signature, in.readByteArray(), "signature");
          default -> throw new IllegalArgumentException("unexpected field tag " + tag);
        }
      }
      if (payload == null || signature == null) {
        throw new IllegalArgumentException("payload or operator signature missing");
      }
      return new Signed(decodePayload(payload), signedBytes(payload), signature);
    } catch (final IOException e) {
      throw new IllegalArgumentException("malformed client-info message: " + e.getMessage());
    }
  }

  private static <T> T once(final T before, final T value, final String field) {
    if (before != null) {
      throw new IllegalArgumentException(field + " given twice");
    }
    return value;
  }

  private static ClientInfo decodePayload(final byte[] payload) throws IOException {
    final CodedInputStream in = CodedInputStream.newInstance(payload);
    int operator = 0;
    String dvcVersion = "";
    long millis = 0;
    final List<ClientVersion> beaconNodes = new ArrayList<>();
    Optional<ClientVersion> execution = Optional.empty();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) -> operator = in.readUInt32();
        case (2 << 3) | 2 -> dvcVersion = text(in.readByteArray(), "dvc_version");
        case (3 << 3) -> millis = in.readUInt64();
        case (4 << 3) | 2 -> {
          if (beaconNodes.size() >= ClientInfo.MAX_BEACON_NODES) {
            throw new IllegalArgumentException(
                "more than " + ClientInfo.MAX_BEACON_NODES + " beacon nodes");
          }
          beaconNodes.add(decodeClient(in.readByteArray()));
        }
        case (5 << 3) | 2 -> execution = Optional.of(decodeClient(in.readByteArray()));
        default -> throw new IllegalArgumentException("unexpected payload field tag " + tag);
      }
    }
    if (operator < 1) {
      throw new IllegalArgumentException("operator index missing");
    }
    return new ClientInfo(operator, dvcVersion, millis, beaconNodes, execution);
  }

  private static ClientVersion decodeClient(final byte[] bytes) throws IOException {
    final CodedInputStream in = CodedInputStream.newInstance(bytes);
    String client = null;
    String version = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | 2 -> client = text(in.readByteArray(), "client");
        case (2 << 3) | 2 -> version = text(in.readByteArray(), "version");
        default -> throw new IllegalArgumentException("unexpected client field tag " + tag);
      }
    }
    if (client == null || client.isEmpty()) {
      throw new IllegalArgumentException("client name missing");
    }
    return new ClientVersion(client, version);
  }

  /** UTF-8 text of at most 100 characters with no control or format characters. */
  private static String text(final byte[] bytes, final String field) {
    final String value;
    try {
      value =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (final CharacterCodingException e) {
      throw new IllegalArgumentException(field + " is not UTF-8");
    }
    if (value.length() > ClientVersion.MAX_LENGTH) {
      throw new IllegalArgumentException(field + " longer than 100 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      final int type = Character.getType(value.charAt(i));
      if (type == Character.CONTROL || type == Character.FORMAT) {
        throw new IllegalArgumentException(field + " contains control characters");
      }
    }
    return value;
  }
}
