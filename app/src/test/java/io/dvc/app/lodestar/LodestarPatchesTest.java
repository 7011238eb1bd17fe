package io.dvc.app.lodestar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LodestarPatchesTest {
  @TempDir Path modules;

  /** The unpatched lines as Lodestar 1.5.1 ships them, inside some surrounding text. */
  private void installOriginals() throws IOException {
    for (final LodestarPatches.Patch patch : LodestarPatches.PATCHES) {
      final Path file = modules.resolve(patch.file());
      Files.createDirectories(file.getParent());
      Files.writeString(file, "before\n" + patch.original() + "after\n");
    }
  }

  @Test
  void patchesApplyOnceAndThenChangeNothing() throws IOException {
    installOriginals();
    assertThat(LodestarPatches.apply(modules)).hasSize(LodestarPatches.PATCHES.size());
    final Path execution = modules.resolve(LodestarPatches.PATCHES.get(0).file());
    assertThat(Files.readString(execution))
        .contains("genesisBlockHash: \"0x0b0b0b0b")
        .contains("capellaForkTimestamp: 0,")
        .startsWith("before\n")
        .endsWith("after\n");
    final Path validator = modules.resolve(LodestarPatches.PATCHES.get(1).file());
    assertThat(Files.readString(validator)).contains("computeStartSlotAtEpoch(epoch);");
    final String patchedOnce = Files.readString(execution) + Files.readString(validator);

    assertThat(LodestarPatches.apply(modules)).isEmpty();
    assertThat(Files.readString(execution) + Files.readString(validator)).isEqualTo(patchedOnce);
  }

  @Test
  void anotherVersionOfTheFileIsAnErrorNamingIt() throws IOException {
    installOriginals();
    final Path validator = modules.resolve(LodestarPatches.PATCHES.get(1).file());
    Files.writeString(validator, "const startSlot = computeStartSlotAtEpoch(somethingElse);\n");
    assertThatThrownBy(() -> LodestarPatches.apply(modules))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(validator.toString())
        .hasMessageContaining("not Lodestar 1.5.1?");
  }

  @Test
  void aMissingFileIsAnError() {
    assertThatThrownBy(() -> LodestarPatches.apply(modules))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing; is Lodestar 1.5.1 installed?");
  }
}
