package io.dvc.bls.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.keys.Bip39;
import io.dvc.bls.keys.Eip2333;
import io.dvc.common.bytes.Hex;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Checks shared by the EIP-2333 vectors of the ERC and of staking-deposit-cli. */
final class KeyDerivationChecks {
  private KeyDerivationChecks() {}

  /** A kdf_tests entry: seed, master_SK, child_index, child_SK. */
  static void kdfCase(final JsonNode test) {
    final BlsSecretKey master = Eip2333.deriveMasterSK(Hex.decode(test.get("seed").asText()));
    assertThat(master.toScalar()).isEqualTo(VectorFiles.integer(test.get("master_SK")));
    final BlsSecretKey child =
        Eip2333.deriveChildSK(
            master, VectorFiles.integer(test.get("child_index")).longValueExact());
    assertThat(child.toScalar()).isEqualTo(VectorFiles.integer(test.get("child_SK")));
  }

  /** An intermediate-values entry: the Lamport keys and compressed Lamport public key too. */
  static void intermediateCase(final JsonNode test) {
    final BlsSecretKey master = Eip2333.deriveMasterSK(Hex.decode(test.get("seed").asText()));
    assertThat(master.toScalar()).isEqualTo(VectorFiles.integer(test.get("master_SK")));
    final long index = VectorFiles.integer(test.get("child_index")).longValueExact();
    final byte[] salt = {
      (byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index
    };
    final byte[] ikm = master.toBytes();
    final byte[] notIkm = new byte[ikm.length];
    for (int i = 0; i < ikm.length; i++) {
      notIkm[i] = (byte) ~ikm[i];
    }
    assertThat(hexChunks(Eip2333.ikmToLamportSK(ikm, salt)))
        .isEqualTo(texts(test.get("lamport_0")));
    assertThat(hexChunks(Eip2333.ikmToLamportSK(notIkm, salt)))
        .isEqualTo(texts(test.get("lamport_1")));
    assertThat(Hex.encodeBare(Eip2333.parentSKToLamportPK(master, index)))
        .isEqualTo(bare(test.get("compressed_lamport_PK").asText()));
    assertThat(Eip2333.deriveChildSK(master, index).toScalar())
        .isEqualTo(VectorFiles.integer(test.get("child_SK")));
  }

  /** A mnemonic with its passphrase gives the expected seed. */
  static void mnemonicSeed(final String mnemonic, final String passphrase, final String seedHex) {
    assertThat(Hex.encodeBare(Bip39.mnemonicToSeed(mnemonic, passphrase))).isEqualTo(bare(seedHex));
  }

  private static List<String> hexChunks(final byte[][] chunks) {
    final List<String> out = new ArrayList<>();
    for (final byte[] chunk : chunks) {
      out.add(Hex.encodeBare(chunk));
    }
    return out;
  }

  private static List<String> texts(final JsonNode array) {
    final List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(bare(node.asText())));
    return out;
  }

  static String bare(final String hex) {
    return Hex.encodeBare(Hex.decode(hex));
  }

  static BigInteger scalar(final BlsSecretKey key) {
    return key.toScalar();
  }
}
