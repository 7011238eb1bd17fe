package io.dvc.spec.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.testing.TestVectors;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Json;
import io.dvc.spec.ssz.Sha256;
import io.dvc.spec.types.DepositData;
import io.dvc.spec.types.DepositMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Deposit signing. (1) A deposit_data file written by staking-deposit-cli 2.7.0 (resource {@code
 * deposit/deposit-cli-2.7.0-custom.json}, a published example for a custom network with fork
 * version 0x20000089): our DepositMessage and DepositData roots equal the file's
 * deposit_message_root and deposit_data_root. (2) The key of the staking-deposit-cli keystore
 * vector: the deposit signing root uses DOMAIN_DEPOSIT with GENESIS_FORK_VERSION and a zero
 * genesis_validators_root. The BLS side (the file's signature verifies over our signing root; a
 * deposit signed with the keystore vector key verifies) is in {@link DepositBlsVerificationTest}.
 */
class DepositSigningTest {

  @Test
  void depositCliRootsAreReproduced() throws IOException {
    final JsonNode entry = depositCliEntry();
    final DepositData data = depositData(entry);
    final DepositMessage message =
        new DepositMessage(data.pubkey(), data.withdrawalCredentials(), data.amount());
    assertThat(Schemas.MAINNET.depositMessage.hashTreeRoot(message))
        .isEqualTo(Bytes.fromHex(entry.get("deposit_message_root").textValue()));
    assertThat(Schemas.MAINNET.depositData.hashTreeRoot(data))
        .isEqualTo(Bytes.fromHex(entry.get("deposit_data_root").textValue()));
  }

  @Test
  void depositSigningRootUsesTheGenesisForkVersionAndAZeroRoot() throws IOException {
    final JsonNode entry = depositCliEntry();
    final DepositData data = depositData(entry);
    final Bytes forkVersion = Bytes.fromHex(entry.get("fork_version").textValue());
    final DepositMessage message =
        new DepositMessage(data.pubkey(), data.withdrawalCredentials(), data.amount());
    final Bytes expected =
        Signing.computeSigningRoot(
            Bytes.fromHex(entry.get("deposit_message_root").textValue()),
            Signing.computeDomain(Domains.DOMAIN_DEPOSIT, forkVersion, Signing.ZERO_ROOT));
    assertThat(SigningRoots.depositSigningRoot(message, forkVersion)).isEqualTo(expected);
  }

  @Test
  void depositSigningRootIsTheSameWhateverTheCurrentFork() {
    final ForkSchedule mainnet = BeaconApiFixtures.mainnet();
    final DepositMessage message = keystoreVectorDepositMessage();
    assertThat(new SigningRoots(mainnet).deposit(message))
        .isEqualTo(SigningRoots.depositSigningRoot(message, Bytes.fromHex("0x00000000")));
  }

  /**
   * The deposit of the staking-deposit-cli keystore vector key (pubkey from {@code
   * staking-deposit-cli/.../keystore_test_vectors/test0.json}, secret from the ERC-2335 vector that
   * keystore encrypts). TODO(lead, after merging bls-threshold): sign this root with the secret and
   * verify the signature with the keystore's pubkey.
   */
  @Test
  void keystoreVectorDepositSigningRoot() {
    final DepositMessage message = keystoreVectorDepositMessage();
    final Bytes root = SigningRoots.depositSigningRoot(message, Bytes.fromHex("0x00000000"));
    assertThat(root.size()).isEqualTo(32);
    assertThat(root)
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.depositMessage.hashTreeRoot(message),
                Bytes.fromHex(
                    "0x03000000f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9")));
  }

  /** The keystore vector's pubkey with 0x00 BLS withdrawal credentials and 32 ETH. */
  static DepositMessage keystoreVectorDepositMessage() {
    final Bytes pubkey = keystoreVectorPubkey();
    final byte[] credentials = Sha256.hash(pubkey.toArray());
    credentials[0] = 0x00;
    return new DepositMessage(pubkey, Bytes.of(credentials), 32_000_000_000L);
  }

  static Bytes keystoreVectorPubkey() {
    final Path file =
        TestVectors.folder("staking-deposit-cli")
            .resolve("tests/test_key_handling/keystore_test_vectors/test0.json");
    try {
      return Bytes.fromHex(Json.parse(Files.readString(file)).get("pubkey").textValue(), 48);
    } catch (final IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  private static JsonNode depositCliEntry() throws IOException {
    try (InputStream in =
        DepositSigningTest.class.getResourceAsStream("/deposit/deposit-cli-2.7.0-custom.json")) {
      return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get(0);
    }
  }

  private static DepositData depositData(final JsonNode entry) {
    return new DepositData(
        Bytes.fromHex(entry.get("pubkey").textValue(), 48),
        Bytes.fromHex(entry.get("withdrawal_credentials").textValue(), 32),
        entry.get("amount").longValue(),
        Bytes.fromHex(entry.get("signature").textValue(), 96));
  }
}
