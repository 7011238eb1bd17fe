package io.dvc.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
  @Test
  void escapesLineBreaksTabsAndOtherControlCharacters() {
    assertThat(SafeText.escape("a\nb\rc\td\u0000e\u001b[2Jf\u007fg\u0085h\u2028i"))
        .isEqualTo("a\\nb\\rc\\td\\x00e\\x1b[2Jf\\x7fg\\x85h\\u2028i");
  }

  @Test
  void escapesBidirectionalOverridesThatReorderWhatATerminalShows() {
    assertThat(SafeText.escape("ok\u202egnp.exe\u2066x\u200f"))
        .isEqualTo("ok\\u202egnp.exe\\u2066x\\u200f");
  }

  @Test
  void leavesPrintableTextIncludingNonAsciiAlone() {
    final String text = "validator 0xabc: état — ok";
    assertThat(SafeText.escape(text)).isSameAs(text);
    assertThat(SafeText.isSafe(text)).isTrue();
    assertThat(SafeText.isSafe("two\nlines")).isFalse();
  }

  @Test
  void abbreviatesAfterEscaping() {
    assertThat(SafeText.abbreviate("\n".repeat(10), 6)).isEqualTo("\\n\\n\\n...");
    assertThat(SafeText.abbreviate("short", 6)).isEqualTo("short");
    assertThat(SafeText.escape(null)).isEqualTo("null");
  }
}
