package io.dvc.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.bytes.Hex;
import org.junit.jupiter.api.Test;

class HexTest {
  @Test
  void decodesMixedCaseWithPrefix() {
    assertThat(Hex.decode("0xAbCd")).containsExactly(0xab, 0xcd);
  }

  @Test
  void encodesLowerCaseWithPrefix() {
    assertThat(Hex.encode(new byte[] {(byte) 0xAB, 1})).isEqualTo("0xab01");
  }

  @Test
  void rejectsOddLengthAndWrongSize() {
    assertThatThrownBy(() -> Hex.decode("0xabc")).hasMessageContaining("odd");
    assertThatThrownBy(() -> Hex.decode("0xab", 2)).hasMessageContaining("expected 2 bytes");
  }
}
