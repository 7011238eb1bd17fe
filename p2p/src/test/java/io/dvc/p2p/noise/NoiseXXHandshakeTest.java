package io.dvc.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.util.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NoiseXXHandshakeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final NodeKey alice = NodeKey.generate(RANDOM);
  private final NodeKey bob = NodeKey.generate(RANDOM);

  @Test
  void bothSidesAuthenticateAndShareTransportKeys() {
    final NoiseXXHandshake i = NoiseXXHandshake.initiator(alice, bob.peerId());
    final NoiseXXHandshake r = NoiseXXHandshake.responder(bob);
    final byte[] m1 = i.writeMessage();
    assertThat(m1).hasSize(32);
    r.readMessage(m1);
    final byte[] m2 = r.writeMessage();
    i.readMessage(m2);
    final byte[] m3 = i.writeMessage();
    r.readMessage(m3);
    assertThat(i.isDone()).isTrue();
    assertThat(r.isDone()).isTrue();
    final var ri = i.result();
    final var rr = r.result();
    assertThat(ri.remotePeer()).isEqualTo(bob.peerId());
    assertThat(rr.remotePeer()).isEqualTo(alice.peerId());

    final byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
    final byte[] ct = ri.sender().encryptWithAd(new byte[0], hello);
    assertThat(ct).hasSize(hello.length + 16);
    assertThat(rr.receiver().decryptWithAd(new byte[0], ct)).isEqualTo(hello);
    final byte[] back = rr.sender().encryptWithAd(new byte[0], hello);
    assertThat(back).isNotEqualTo(ct);
    assertThat(ri.receiver().decryptWithAd(new byte[0], back)).isEqualTo(hello);
    // a replayed frame fails: the nonce moved on
    assertThat(rr.receiver().decryptWithAd(new byte[0], ct)).isNull();
  }

  @Test
  void dialerRejectsAnUnexpectedResponder() {
    final NoiseXXHandshake i = NoiseXXHandshake.initiator(alice, NodeKey.generate(RANDOM).peerId());
    final NoiseXXHandshake r = NoiseXXHandshake.responder(bob);
    r.readMessage(i.writeMessage());
    final byte[] m2 = r.writeMessage();
    assertThatThrownBy(() -> i.readMessage(m2))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("expected");
  }

  @Test
  void tamperedMessagesFailAuthentication() {
    final NoiseXXHandshake i = NoiseXXHandshake.initiator(alice, bob.peerId());
    final NoiseXXHandshake r = NoiseXXHandshake.responder(bob);
    r.readMessage(i.writeMessage());
    final byte[] m2 = r.writeMessage();
    m2[40] ^= 1;
    assertThatThrownBy(() -> i.readMessage(m2))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("authentication");
  }

  @Test
  void responderRejectsATamperedThirdMessage() {
    final NoiseXXHandshake i = NoiseXXHandshake.initiator(alice, bob.peerId());
    final NoiseXXHandshake r = NoiseXXHandshake.responder(bob);
    r.readMessage(i.writeMessage());
    i.readMessage(r.writeMessage());
    final byte[] m3 = i.writeMessage();
    m3[m3.length - 1] ^= 1;
    assertThatThrownBy(() -> r.readMessage(m3)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void hkdfFollowsTheNoiseDefinition() throws Exception {
    // HKDF(ck, ikm): temp = HMAC(ck, ikm); out1 = HMAC(temp, 0x01); out2 = HMAC(temp, out1 || 0x02)
    final byte[] ck = new byte[32];
    final byte[] ikm = "ikm".getBytes(StandardCharsets.US_ASCII);
    RANDOM.nextBytes(ck);
    final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(ck, "HmacSHA256"));
    final byte[] temp = mac.doFinal(ikm);
    mac.init(new javax.crypto.spec.SecretKeySpec(temp, "HmacSHA256"));
    final byte[] out1 = mac.doFinal(new byte[] {1});
    mac.update(out1);
    final byte[] out2 = mac.doFinal(new byte[] {2});
    final byte[][] got = SymmetricState.hkdf(ck, ikm);
    assertThat(got[0]).isEqualTo(out1);
    assertThat(got[1]).isEqualTo(out2);
  }
}
