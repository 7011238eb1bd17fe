package io.dvc.node.duties.exit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ssz.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ExitRequestTest {
  private static final Bytes ROOT = Bytes.fromHex("0x" + "11".repeat(32));
  private static final Bytes PUBKEY = Bytes.fromHex("0x" + "22".repeat(48));

  @Test
  void aSignedRequestSurvivesItsJsonFormAndVerifiesOnlyForItsSigner() {
    final NodeKey operator = NodeKey.generate(new SecureRandom());
    final NodeKey other = NodeKey.generate(new SecureRandom());
    final ExitRequest request = ExitRequest.signed(ROOT, PUBKEY, 7, 60, 2, operator);
    final ExitRequest read = ExitRequest.fromBytes(request.toBytes());
    assertThat(read).isEqualTo(request);
    assertThat(read.signedBy(operator.publicKey())).isTrue();
    assertThat(read.signedBy(other.publicKey())).isFalse();
    final ExitRequest laterEpoch = new ExitRequest(ROOT, PUBKEY, 8, 60, 2, request.signature());
    assertThat(laterEpoch.signedBy(operator.publicKey())).as("the epoch is signed").isFalse();
    final ExitRequest otherOperator = new ExitRequest(ROOT, PUBKEY, 7, 60, 3, request.signature());
    assertThat(otherOperator.signedBy(operator.publicKey())).as("the operator is signed").isFalse();
  }

  @Test
  void badRequestsAreRefusedWithOneLineNamingTheField() {
    final String good =
        ExitRequest.signed(ROOT, PUBKEY, 7, 60, 2, NodeKey.generate(new SecureRandom()))
            .toJson()
            .toString();
    assertRefused("{", "exit request is not JSON");
    assertRefused("[]", "exit request is not a JSON object");
    assertRefused(
        good.replace("\"7\"", "7"), "exit request field 'epoch' is missing or not a string");
    assertRefused(
        good.replace("\"7\"", "\"-7\""),
        "exit request field 'epoch' is not a decimal number below 2^63");
    assertRefused(
        good.replace("\"2\"", "\"0\""), "exit request field 'operator' is not an operator index");
    assertRefused(
        good.replace("0x" + "22".repeat(48), "0x22"),
        "exit request field 'pubkey' is not 48 bytes of 0x-hex");
    assertRefused(good.replace("\"slot\"", "\"sloth\""), "exit request has an unknown field");
    assertRefused(
        " ".repeat(ExitRequest.MAX_BYTES + 1), "exit request is 2049 bytes, more than 2048");
  }

  private static void assertRefused(final String json, final String message) {
    assertThatThrownBy(() -> ExitRequest.fromBytes(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
