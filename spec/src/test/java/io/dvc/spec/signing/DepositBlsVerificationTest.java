package io.dvc.spec.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.testing.TestVectors;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Json;
import io.dvc.spec.types.DepositMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;
import supranational.blst.SecretKey;

/**
 * Deposit signing end to end with real BLS (jblst, test scope only; to be switched to the
 * bls-threshold facade once merged). The Ethereum ciphersuite: proof-of-possession scheme, DST
 * {@value #DST}.
 */
class DepositBlsVerificationTest {
  private static final String DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

  private static boolean verify(final Bytes pubkey, final Bytes message, final Bytes signature) {
    final P1_Affine key = new P1_Affine(pubkey.toArray());
    final P2_Affine sig = new P2_Affine(signature.toArray());
    return sig.core_verify(key, true, message.toArray(), DST) == BLST_ERROR.BLST_SUCCESS;
  }

  @Test
  void depositCliSignatureVerifiesOverOurSigningRoot() throws IOException {
    final JsonNode entry;
    try (InputStream in =
        getClass().getResourceAsStream("/deposit/deposit-cli-2.7.0-custom.json")) {
      entry = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get(0);
    }
    final Bytes pubkey = Bytes.fromHex(entry.get("pubkey").textValue(), 48);
    final DepositMessage message =
        new DepositMessage(
            pubkey,
            Bytes.fromHex(entry.get("withdrawal_credentials").textValue(), 32),
            entry.get("amount").longValue());
    final Bytes signature = Bytes.fromHex(entry.get("signature").textValue(), 96);
    final Bytes forkVersion = Bytes.fromHex(entry.get("fork_version").textValue(), 4);

    assertThat(verify(pubkey, SigningRoots.depositSigningRoot(message, forkVersion), signature))
        .isTrue();
    assertThat(
            verify(
                pubkey,
                SigningRoots.depositSigningRoot(message, Bytes.fromHex("0x00000000")),
                signature))
        .as("another GENESIS_FORK_VERSION gives another domain")
        .isFalse();
  }

  @Test
  void depositMadeWithTheKeystoreVectorKeyVerifiesWithTheDepositDomain() throws IOException {
    final JsonNode cases =
        Json.parse(Files.readString(TestVectors.folder("erc-2335").resolve("test_cases.json")));
    final SecretKey secret = new SecretKey();
    secret.from_bendian(
        Bytes.fromHex(cases.get("cases").get(0).get("secret").textValue()).toArray());
    final Bytes pubkey = Bytes.of(new P1(secret).compress());
    assertThat(pubkey)
        .as("the ERC-2335 secret is the key of the staking-deposit-cli keystore vector")
        .isEqualTo(DepositSigningTest.keystoreVectorPubkey());

    final DepositMessage message = DepositSigningTest.keystoreVectorDepositMessage();
    final ForkSchedule mainnet = BeaconApiFixtures.mainnet();
    final Bytes root = new SigningRoots(mainnet).deposit(message);
    final Bytes signature =
        Bytes.of(new P2().hash_to(root.toArray(), DST, new byte[0]).sign_with(secret).compress());

    assertThat(verify(pubkey, root, signature)).isTrue();
    final Bytes withChainRoot =
        Signing.computeSigningRoot(
            io.dvc.spec.Schemas.MAINNET.depositMessage,
            message,
            mainnet.domain(Domains.DOMAIN_DEPOSIT, 0));
    assertThat(verify(pubkey, withChainRoot, signature))
        .as("a deposit domain with the chain's genesis_validators_root is not the deposit domain")
        .isFalse();
  }
}
