package io.dvc.node.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTest {

  @Test
  void lineBreaksAndControlCharactersAreEscaped() {
    assertThat(Untrusted.escape("a\nb\r\tc\u0000d\u001b[31m", 100))
        .isEqualTo("a\\nb\\r\\tc\\u0000d\\u001b[31m");
  }

  @Test
  void bidirectionalOverridesAndUnicodeLineSeparatorsAreEscaped() {
    assertThat(Untrusted.escape("x\u202ey\u2028z", 100)).isEqualTo("x\\u202ey\\u2028z");
  }

  @Test
  void longTextIsCutAndTheCutMarked() {
    assertThat(Untrusted.escape("abcdef", 3)).isEqualTo("abc…");
    assertThat(Untrusted.escape("abc", 3)).isEqualTo("abc");
  }

  @Test
  void aCutAfterEscapesIsMarkedEvenWhenTheTextIsShorterThanTheBound() {
    assertThat(Untrusted.escape("\n\n\n\n", 4)).isEqualTo("\\n\\n…");
  }

  @Test
  void aCutNeverLeavesHalfASurrogatePair() {
    assertThat(Untrusted.escape("a\uD83D\uDE00b", 2)).isEqualTo("a…");
  }
}
