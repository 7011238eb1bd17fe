package io.dvc.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import io.dvc.spec.types.ValidatorRegistrationV1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationFileTest {
  @TempDir Path dir;

  private static SignedValidatorRegistrationV1 registration(final int fill) {
    return new SignedValidatorRegistrationV1(
        new ValidatorRegistrationV1(
            Bytes.fromHex("0x" + "ab".repeat(20)),
            36_000_000,
            1_700_000_000L + fill,
            Bytes.fromHex("0x" + String.format("%02x", fill).repeat(48))),
        Bytes.fromHex("0x" + "cd".repeat(96)));
  }

  @Test
  void whatIsSavedIsLoadedByTheNextNodeOnTheSameDataDirectory() {
    assertThat(new RegistrationFile(dir).load()).as("nothing saved yet").isEmpty();
    new RegistrationFile(dir).save(List.of(registration(1), registration(2)));
    assertThat(new RegistrationFile(dir).load()).containsExactly(registration(1), registration(2));
    new RegistrationFile(dir).save(List.of(registration(3)));
    assertThat(new RegistrationFile(dir).load()).containsExactly(registration(3));
  }

  @Test
  void anUnreadableFileIsIgnoredSoThatTheClusterSignsAgain() throws IOException {
    Files.writeString(dir.resolve(RegistrationFile.NAME), "[{\"message\":");
    assertThat(new RegistrationFile(dir).load()).isEmpty();
  }
}
