package io.dvc.p2p.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Base58Test {
  @Test
  void bitcoinExamples() {
    assertThat(Base58.encode("hello world".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("StV1DL6CwTryKyV");
    assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
    assertThat(Base58.encode(new byte[0])).isEmpty();
  }

  @Test
  void rejectsCharactersOutsideTheAlphabet() {
    assertThatThrownBy(() -> Base58.decode("0OIl")).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void roundTrips(@ForAll final byte[] bytes) {
    assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
  }
}
