package io.dvc.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientInfoCodecTest {
  private static final ClientInfo INFO =
      new ClientInfo(
          3,
          "0.1.0",
          1_700_000_000_123L,
          List.of(ClientVersion.parse("Lighthouse/v5.3.0-d6ba8c3/x86_64-linux")),
          Optional.of(ClientVersion.parse("Geth/v1.14.11-stable/linux-amd64/go1.22")));

  @Test
  void roundTripsAndSignsTheDomainAndPayload() {
    final byte[] payload = ClientInfoCodec.encodePayload(INFO);
    final byte[] signature = new byte[] {1, 2, 3};
    final ClientInfoCodec.Signed decoded =
        ClientInfoCodec.decodeSigned(ClientInfoCodec.encodeSigned(payload, signature));
    assertThat(decoded.info()).isEqualTo(INFO);
    assertThat(decoded.operatorSignature()).containsExactly(1, 2, 3);
    assertThat(new String(decoded.signedBytes(), StandardCharsets.ISO_8859_1))
        .startsWith("dvc/clientinfo/1");
    assertThat(INFO.beaconNodes().get(0))
        .isEqualTo(new ClientVersion("lighthouse", "v5.3.0-d6ba8c3"));
  }

  @Test
  void refusesOversizedMessages() {
    assertThatThrownBy(() -> ClientInfoCodec.decodeSigned(new byte[4097]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds 4096");
  }

  @Test
  void refusesUnknownFieldsTextWithControlCharactersAndMissingParts() throws IOException {
    assertThatThrownBy(() -> ClientInfoCodec.decodeSigned(new byte[] {0x18, 0x01}))
        .hasMessageContaining("unexpected field tag");
    final byte[] evil =
        payload(
            out -> {
              out.writeUInt32(1, 2);
              out.writeString(2, "1.0\n12:00 ALERT forged");
            });
    assertThatThrownBy(() -> decode(evil)).hasMessageContaining("control characters");
    final byte[] noOperator = payload(out -> out.writeString(2, "1.0"));
    assertThatThrownBy(() -> decode(noOperator)).hasMessageContaining("operator index missing");
    assertThatThrownBy(() -> ClientInfoCodec.decodeSigned(new byte[] {0x0a, 0x05, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void refusesMoreThanSixteenBeaconNodes() {
    final ClientInfo many =
        new ClientInfo(
            1, "x", 1, Collections.nCopies(16, new ClientVersion("teku", "v1")), Optional.empty());
    final byte[] payload = ClientInfoCodec.encodePayload(many);
    final byte[] extra = new byte[payload.length + 8];
    System.arraycopy(payload, 0, extra, 0, payload.length);
    // one more beacon node: field 4, length 6, { client = "teku" }
    System.arraycopy(
        new byte[] {0x22, 0x06, 0x0a, 0x04, 't', 'e', 'k', 'u'}, 0, extra, payload.length, 8);
    assertThatThrownBy(() -> decode(extra)).hasMessageContaining("more than 16 beacon nodes");
  }

  @Test
  void comparesReleasesByMajorAndMinor() {
    assertThat(
            new ClientVersion("teku", "v24.1.0")
                .behindInMinor(new ClientVersion("teku", "v24.2.1")))
        .isTrue();
    assertThat(
            new ClientVersion("teku", "v24.2.0")
                .behindInMinor(new ClientVersion("teku", "v24.2.9")))
        .isFalse();
    assertThat(new ClientVersion("x", "").behindInMinor(new ClientVersion("x", "garbage")))
        .isFalse();
    assertThat(ClientVersion.parse("dvc-beacon-sim/0.1.0"))
        .isEqualTo(new ClientVersion("dvc-beacon-sim", "0.1.0"));
    assertThat(ClientVersion.parse("nameonly").version()).isEmpty();
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] payload(final Writer writer) throws IOException {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  private static ClientInfo decode(final byte[] payload) {
    return ClientInfoCodec.decodeSigned(ClientInfoCodec.encodeSigned(payload, new byte[64])).info();
  }
}
