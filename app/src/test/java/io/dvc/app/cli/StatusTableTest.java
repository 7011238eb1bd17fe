package io.dvc.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StatusTableTest {
  private static String print(final String json) throws Exception {
    final StringWriter out = new StringWriter();
    StatusTable.print(new ObjectMapper().readTree(json), new PrintWriter(out, true));
    return out.toString();
  }

  @Test
  void peersAreATableWithDownPeersAndOtherLocksInCapitals() throws Exception {
    final String text =
        print(
            "{\"version\":\"dvc/status/v1\",\"time_ms\":1,\"state\":\"ready\",\"peers\":["
                + "{\"index\":2,\"name\":\"bob\",\"connected\":true,\"since_ms\":1500,\"rtt_ms\":3,"
                + "\"clock_offset_ms\":-12,\"version\":\"dvc/1\",\"lock_hash\":\"0xaa\","
                + "\"lock_hash_matches\":true,\"last_message_ms_ago\":200,\"last_error\":\"\"},"
                + "{\"index\":3,\"name\":\"carol\",\"connected\":false,\"since_ms\":4000,\"rtt_ms\":null,"
                + "\"clock_offset_ms\":null,\"version\":\"dvc/0\",\"lock_hash\":\"0xbb\","
                + "\"lock_hash_matches\":false,\"last_message_ms_ago\":null,"
                + "\"last_error\":\"dial /ip4/10.0.0.3/tcp/3610: refused\"}]}");

    assertThat(text)
        .startsWith("state: ready\n\nPEERS\n")
        .contains("bob  ", "up 1.5 s", "3 ms", "-12 ms", "same", "0.2 s ago")
        .contains("carol", "DOWN 4.0 s", "OTHER", "dial /ip4/10.0.0.3/tcp/3610: refused");
  }

  @Test
  void aSectionTheCliDoesNotKnowIsPrintedAsKeyValueLines() throws Exception {
    final String text =
        print(
            "{\"state\":\"ready\",\"client_mix\":{\"lighthouse\":2,\"nested\":{\"a\":\"x\\ny\"}},"
                + "\"list\":[1]}");

    assertThat(text)
        .contains("CLIENT MIX\n  lighthouse: 2\n  nested:\n    a: x\\ny\n")
        .contains("LIST\n  [0]\n    1\n");
  }

  @Test
  void aSectionThatFailedInTheNodeShowsItsError() throws Exception {
    assertThat(print("{\"state\":\"ready\",\"storage\":{\"error\":\"disk gone\"}}"))
        .contains("STORAGE\n  error: disk gone\n");
  }
}
