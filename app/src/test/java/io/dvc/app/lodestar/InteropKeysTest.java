package io.dvc.app.lodestar;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.keystore.Eip2335Keystore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteropKeysTest {
  @TempDir Path tmp;

  @Test
  void keysAreThoseOfLodestarsInteropGenesis() {
    // Public keys of validators 4 and 5 as Lodestar 1.5.1's dev genesis lists them
    // (/eth/v1/beacon/states/head/validators), and the well-known key of interop validator 0.
    assertThat(InteropKeys.secretKey(0).publicKey().toHex())
        .isEqualTo(
            "0xa99a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c");
    assertThat(InteropKeys.secretKey(4).publicKey().toHex())
        .isEqualTo(
            "0x81283b7a20e1ca460ebd9bbd77005d557370cabb1f9a44f530c4c4c66230f675f8df8b4c2818851aa7d77a80ca5a4a5e");
    assertThat(InteropKeys.secretKey(5).publicKey().toHex())
        .isEqualTo(
            "0xab0bdda0f85f842f431beaccf1250bf1fd7ba51b4100fd64364b6401fda85bb0069b3e715b58819684e7fc0b10a72a34");
  }

  @Test
  void keystoresDecryptToTheInteropKeysWithTheirPasswordFiles() throws Exception {
    final List<Path> files = InteropKeys.writeKeystores(tmp, 4, 8);
    assertThat(files).hasSize(4);
    for (int i = 0; i < 4; i++) {
      final Path file = files.get(i);
      assertThat(file.getFileName()).hasToString("interop-" + (4 + i) + ".json");
      final String password = Files.readString(tmp.resolve("interop-" + (4 + i) + ".txt"));
      assertThat(Eip2335Keystore.load(file).decrypt(password))
          .isEqualTo(InteropKeys.secretKey(4 + i));
    }
  }
}
