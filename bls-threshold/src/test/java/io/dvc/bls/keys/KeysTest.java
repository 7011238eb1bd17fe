package io.dvc.bls.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.BlsSecretKey;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void generatedMnemonicsAreValidAndRoundTrip() {
    for (final int words : new int[] {12, 15, 18, 21, 24}) {
      final String mnemonic = Bip39.generateMnemonic(RANDOM, words);
      assertThat(mnemonic.split(" ")).hasSize(words);
      assertThat(Bip39.isValid(mnemonic)).isTrue();
      assertThat(Bip39.entropyToMnemonic(Bip39.mnemonicToEntropy(mnemonic))).isEqualTo(mnemonic);
    }
    assertThatThrownBy(() -> Bip39.generateMnemonic(RANDOM, 13)).hasMessageContaining("13");
  }

  @Test
  void badMnemonicsAreRejected() {
    final String valid =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    assertThat(Bip39.isValid(valid)).isTrue();
    assertThat(Bip39.isValid(valid.replace("about", "abandon"))).isFalse();
    assertThatThrownBy(() -> Bip39.mnemonicToEntropy(valid.replace("about", "aboot")))
        .hasMessageContaining("word 12");
    assertThat(Bip39.englishWordList()).hasSize(2048).startsWith("abandon").endsWith("zoo");
  }

  @Test
  void pathsFollowEip2334() {
    assertThat(Eip2334Path.signing(7).toString()).isEqualTo("m/12381/3600/7/0/0");
    assertThat(Eip2334Path.withdrawal(7).toString()).isEqualTo("m/12381/3600/7/0");
    assertThat(Eip2334Path.parse("m/12381/3600/4294967295/0/0").indices())
        .isEqualTo(List.of(12381L, 3600L, 4294967295L, 0L, 0L));
    assertThat(Eip2334Path.parse("m").indices()).isEmpty();
    assertThatThrownBy(() -> Eip2334Path.parse("n/1")).hasMessageContaining("start with");
    assertThatThrownBy(() -> Eip2334Path.parse("m/4294967296")).hasMessageContaining("range");
    assertThatThrownBy(() -> Eip2334Path.parse("m/1//2")).hasMessageContaining("component 2");
  }

  @Test
  void pathDerivationEqualsStepwiseChildDerivation() {
    final byte[] seed = Bip39.mnemonicToSeed(Bip39.generateMnemonic(RANDOM, 24), "");
    final BlsSecretKey viaPath = Eip2333.deriveSK(seed, Eip2334Path.signing(3));
    BlsSecretKey step = Eip2333.deriveMasterSK(seed);
    for (final long index : List.of(12381L, 3600L, 3L, 0L, 0L)) {
      step = Eip2333.deriveChildSK(step, index);
    }
    assertThat(viaPath).isEqualTo(step);
    assertThat(Eip2333.deriveSK(seed, Eip2334Path.withdrawal(3))).isNotEqualTo(viaPath);
    assertThatThrownBy(() -> Eip2333.deriveMasterSK(new byte[31])).hasMessageContaining("32");
  }
}
