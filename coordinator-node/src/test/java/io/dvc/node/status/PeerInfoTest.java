package io.dvc.node.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeerInfoTest {
  private static final String HASH = "0x" + "ab".repeat(32);

  @Test
  void roundTrips() {
    final PeerInfo info = new PeerInfo("dvc/0.1.0", HASH, 1_700_000_000_123L);

    assertThat(PeerInfo.decode(info.encode())).isEqualTo(info);
  }

  @Test
  void controlCharactersOfAPeersVersionAreEscaped() {
    final byte[] bytes =
        ("{\"version\":\"v\\n1\",\"lock_hash\":\"" + HASH + "\",\"time_ms\":5}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(PeerInfo.decode(bytes).version()).isEqualTo("v\\n1");
  }

  @Test
  void refusesOversizedMalformedOrIncompleteMessages() {
    assertThatThrownBy(() -> PeerInfo.decode(new byte[PeerInfo.MAX_BYTES + 1]))
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> PeerInfo.decode("{".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("peer info is not JSON");
    assertThatThrownBy(
            () -> PeerInfo.decode("{\"version\":\"v\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("peer info lacks version, lock_hash or time_ms");
    assertThatThrownBy(
            () ->
                PeerInfo.decode(
                    "{\"version\":\"v\",\"lock_hash\":\"0x12\",\"time_ms\":1}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("peer info lock_hash is not 32 bytes of hex");
  }
}
