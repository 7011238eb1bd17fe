package io.dvc.config.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.keys.Bip39;
import io.dvc.bls.keystore.Eip2335Keystore;
import io.dvc.bls.keystore.KdfParams;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.cluster.ClusterFiles;
import io.dvc.config.cluster.DistributedValidator;
import io.dvc.config.operator.OperatorBundle;
import io.dvc.config.operator.OperatorDirectoryLoader;
import io.dvc.config.operator.OperatorLayout;
import io.dvc.config.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DealerCeremonyTest {
  @TempDir Path tmp;

  @Test
  void testnetClusterOfFourOperatorsAndSixtyFourValidatorsLoadsForEveryOperator() throws Exception {
    final Path out = tmp.resolve("cluster");
    final long start = System.nanoTime();
    final CeremonyResult result = TestClusters.create(out, 4, 64);
    System.out.printf(
        "n=4, 64 validators: ceremony took %d ms%n", (System.nanoTime() - start) / 1_000_000);

    assertThat(result.operatorDirectories())
        .containsExactly(
            out.resolve("operator-1"),
            out.resolve("operator-2"),
            out.resolve("operator-3"),
            out.resolve("operator-4"));
    assertThat(result.generatedMnemonic()).isEmpty();
    assertThat(result.lock().definition().threshold()).isEqualTo(3);
    for (int i = 0; i < 4; i++) {
      final OperatorBundle bundle =
          OperatorDirectoryLoader.load(result.operatorDirectories().get(i));
      assertThat(bundle.shareIndex()).isEqualTo(i + 1);
      assertThat(bundle.shares()).hasSize(64);
      assertThat(bundle.lock().lockHash()).isEqualTo(result.lock().lockHash());
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(OperatorLayout.identityKey(bundle.directory()))))
          .isEqualTo("rw-------");
      bundle.destroy();
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).containsExactly(out);
    }
  }

  @Test
  void aNewMnemonicIsReturnedOnceAndGivingItBackYieldsTheSameValidators() {
    final SecureRandom random = new SecureRandom();
    final CeremonyRequest base = TestClusters.request(tmp.resolve("a"), 4, 2);
    final CeremonyResult first =
        new DealerCeremony(random)
            .run(withKeys(base, tmp.resolve("a"), new KeySource.NewMnemonic(2)));
    final String mnemonic = first.generatedMnemonic().orElseThrow();
    assertThat(Bip39.isValid(mnemonic)).isTrue();
    assertThat(mnemonic.split(" ")).hasSize(24);

    final CeremonyResult second =
        new DealerCeremony(random)
            .run(withKeys(base, tmp.resolve("b"), new KeySource.GivenMnemonic(mnemonic, 0, 2)));
    final CeremonyResult shifted =
        new DealerCeremony(random)
            .run(withKeys(base, tmp.resolve("c"), new KeySource.GivenMnemonic(mnemonic, 1, 1)));

    assertThat(second.generatedMnemonic()).isEmpty();
    assertThat(second.lock().validators().stream().map(DistributedValidator::distributedPublicKey))
        .containsExactlyElementsOf(
            first.lock().validators().stream()
                .map(DistributedValidator::distributedPublicKey)
                .toList());
    assertThat(shifted.lock().validators().get(0).distributedPublicKey())
        .isEqualTo(first.lock().validators().get(1).distributedPublicKey());
  }

  private static CeremonyRequest withKeys(
      final CeremonyRequest r, final Path out, final KeySource keys) {
    return new CeremonyRequest(
        out,
        r.clusterName(),
        r.network(),
        r.operators(),
        r.threshold(),
        keys,
        r.withdrawalAddress(),
        r.withdrawalType(),
        r.feeRecipient(),
        r.depositAmountGwei(),
        r.kdf());
  }

  @Test
  void theErc2335VectorKeystoreBecomesTheDistributedKeyOfItsPublishedPubkey() throws Exception {
    final Path vectors = io.dvc.common.testing.TestVectors.folder("erc-2335");
    final com.fasterxml.jackson.databind.JsonNode cases =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(vectors.resolve("test_cases.json").toFile());
    final com.fasterxml.jackson.databind.JsonNode pbkdf2 = cases.get("cases").get(1);
    assertThat(pbkdf2.get("keystore_file").asText()).isEqualTo("keystore_pbkdf2.json");
    final Path passwordFile =
        Files.writeString(tmp.resolve("password.txt"), pbkdf2.get("password").asText() + "\n");
    final Path keystore = vectors.resolve("keystore_pbkdf2.json");
    final String published =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(keystore.toFile())
            .get("pubkey")
            .asText();

    final CeremonyRequest base = TestClusters.request(tmp.resolve("out"), 4, 1);
    final CeremonyResult result =
        new DealerCeremony(new SecureRandom())
            .run(
                withKeys(
                    base,
                    tmp.resolve("out"),
                    new KeySource.Keystores(
                        List.of(new KeySource.KeystoreInput(keystore, passwordFile)))));

    assertThat(result.lock().validators().get(0).distributedPublicKey().toHex())
        .isEqualTo("0x" + published);
  }

  @Test
  void keysFromGivenKeystoresKeepTheirPublicKeysAsDistributedKeys() throws Exception {
    final SecureRandom random = new SecureRandom();
    final Path in = Files.createDirectory(tmp.resolve("in"));
    final List<KeySource.KeystoreInput> inputs = new ArrayList<>();
    final List<BlsPublicKey> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      final BlsSecretKey key = BlsSecretKey.random(random);
      expected.add(key.publicKey());
      final Eip2335Keystore keystore =
          Eip2335Keystore.encrypt(
              key,
              "pass-" + i,
              "m/12381/3600/" + i + "/0/0",
              new KdfParams.Pbkdf2(32, 16, new byte[32]),
              new byte[16],
              UUID.randomUUID(),
              "");
      Files.writeString(in.resolve("keystore-" + i + ".json"), keystore.toJson());
      Files.writeString(in.resolve("keystore-" + i + ".txt"), "pass-" + i + "\n");
      inputs.add(
          new KeySource.KeystoreInput(
              in.resolve("keystore-" + i + ".json"), in.resolve("keystore-" + i + ".txt")));
    }
    final CeremonyResult result =
        new DealerCeremony(random)
            .run(
                new CeremonyRequest(
                    tmp.resolve("out"),
                    "given",
                    Network.HOODI,
                    OperatorSource.Generate.named(5),
                    OptionalInt.of(4),
                    new KeySource.Keystores(inputs),
                    TestClusters.WITHDRAWAL,
                    WithdrawalType.COMPOUNDING,
                    TestClusters.FEE_RECIPIENT,
                    64_000_000_000L,
                    KdfChoice.INSECURE_FAST_PBKDF2));

    assertThat(result.lock().validators().stream().map(DistributedValidator::distributedPublicKey))
        .containsExactlyElementsOf(expected);
    assertThat(result.generatedMnemonic()).isEmpty();
    assertThat(
            ClusterFiles.loadLock(result.operatorDirectories().get(4).resolve("cluster-lock.json"))
                .warnings())
        .isEmpty();
  }
}
