package io.dvc.app.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's tested blocks are found, in order, and a broken marker is an error (not skipped). */
class GuideBlocksTest {
  @Test
  void operatingGuideHasTheStepsOperatingGuideItPerforms() throws Exception {
    final GuideBlocks guide = GuideBlocks.read(GuideBlocks.document());

    assertThat(guide.roles()).isEqualTo(OperatingGuideIT.STEPS);
    assertThat(guide.blocks().get(0).script()).startsWith("dvc identity create");
  }

  @Test
  void blocksAreTakenVerbatimWithTheirRole() {
    final GuideBlocks guide =
        GuideBlocks.parse(
            List.of(
                "text",
                "<!-- guide: creator -->",
                "```sh",
                "dvc a \\",
                "  --b \"$C\"",
                "```",
                "```sh",
                "not marked",
                "```"));

    assertThat(guide.blocks())
        .containsExactly(new GuideBlocks.Block("creator", "dvc a \\\n  --b \"$C\"\n", 2));
  }

  @Test
  void aMarkerWithoutAShellBlockIsAnError() {
    assertThatThrownBy(
            () -> GuideBlocks.parse(List.of("<!-- guide: node -->", "```bash", "x", "```")))
        .hasMessageContaining("line 1");
  }
}
