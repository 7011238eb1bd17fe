package io.dvc.p2p.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.bytes.Hex;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.util.MalformedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
  /** Binary forms: varint protocol code, then the fixed-size or length-prefixed value. */
  @ParameterizedTest
  @CsvSource({
    "/ip4/127.0.0.1/tcp/4001, 047f000001060fa1",
    "/ip6/::1/tcp/80, 2900000000000000000000000000000001060050",
    "/dns4/example.com/tcp/443, 360b6578616d706c652e636f6d0601bb",
    "/dns/localhost/tcp/1, 35096c6f63616c686f7374060001",
    "/dns6/a.b/tcp/65535, 3703612e6206ffff"
  })
  void textAndBinaryForms(final String text, final String hex) {
    final Multiaddr m = Multiaddr.fromString(text);
    assertThat(Hex.encodeBare(m.toBytes())).isEqualTo(hex);
    assertThat(Multiaddr.fromBytes(Hex.decode(hex))).isEqualTo(m);
    assertThat(m.toString()).isEqualTo(text);
  }

  @Test
  void p2pComponentCarriesThePeerId() {
    final String id = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";
    final Multiaddr m = Multiaddr.fromString("/ip4/1.2.3.4/tcp/5/p2p/" + id);
    assertThat(m.peerId()).contains(PeerId.fromBase58(id));
    // 421 = varint a503, then the 34-byte multihash with its length prefix 22
    assertThat(Hex.encodeBare(m.toBytes())).startsWith("040102030406000" + "5a50322");
    assertThat(Multiaddr.fromBytes(m.toBytes())).isEqualTo(m);
    assertThat(m.toSocketAddress().getPort()).isEqualTo(5);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ip4/1.2.3.4",
        "/ip4/1.2.3",
        "/ip4/::1",
        "/tcp/70000",
        "/udp/1",
        "/ip4/1.2.3.4/tcp",
        "/p2p/xyz"
      })
  void rejectsMalformedText(final String text) {
    assertThatThrownBy(() -> Multiaddr.fromString(text))
        .isInstanceOf(MalformedInputException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"04", "047f0000", "0600", "3505ab", "ff", "a503ff"})
  void rejectsMalformedBinary(final String hex) {
    assertThatThrownBy(() -> Multiaddr.fromBytes(Hex.decode(hex)))
        .isInstanceOf(MalformedInputException.class);
  }
}
