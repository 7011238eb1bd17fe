package io.dvc.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.util.MalformedInputException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Coverage-guided: a hostile peer in the Noise XX handshake. Raw bytes as message 1 (to a
 * responder) or message 2 (to a dialer), and a peer that runs the real cryptography but sends a
 * chosen static key and a chosen (decrypted) identity payload in message 3, so that the payload
 * decoder, the public-key decoders and the signature check see attacker-controlled bytes.
 *
 * <p>Contract: the only failure is {@link MalformedInputException}; after one, the handshake is not
 * done and yields no result (no half-authenticated peer); when it succeeds, the remote identity is
 * the one whose key signed the static key.
 */
class NoiseHandshakeFuzzTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final NoiseIdentity BOB = NoiseIdentity.create(NodeKey.generate(RANDOM));
  private static final NodeKey ALICE = NodeKey.generate(RANDOM);

  @FuzzTest
  void hostileHandshake(final FuzzedDataProvider data) {
    switch (data.consumeInt(0, 2)) {
      case 0 -> rawMessage1(data.consumeRemainingAsBytes());
      case 1 -> rawMessage2(data.consumeRemainingAsBytes());
      default -> hostileMessage3(data);
    }
  }

  private static void rawMessage1(final byte[] m1) {
    final NoiseXXHandshake responder = NoiseXXHandshake.responder(BOB);
    if (!readOrFail(responder, m1)) {
      return;
    }
    // message 1 carries no secret: anything long enough is accepted, and we answer normally
    assertThat(responder.isMyTurnToWrite()).isTrue();
    try {
      responder.writeMessage();
    } catch (final MalformedInputException e) {
      // a low-order ephemeral key from the peer is refused when we mix it
      assertThat(e.getMessage()).contains("X25519");
    }
  }

  private static void rawMessage2(final byte[] m2) {
    final NoiseXXHandshake initiator = NoiseXXHandshake.initiator(NodeKey.generate(RANDOM), null);
    initiator.writeMessage();
    // without the responder's keys no message 2 can authenticate
    assertThat(readOrFail(initiator, m2)).isFalse();
  }

  private static void hostileMessage3(final FuzzedDataProvider data) {
    final NoiseXXHandshake responder = NoiseXXHandshake.responder(BOB);
    final HostileInitiator peer = new HostileInitiator();
    responder.readMessage(peer.message1(data.consumeBytes(data.consumeInt(0, 64))));
    peer.readMessage2(responder.writeMessage());
    final boolean honest = data.consumeBoolean();
    final boolean chosenStatic = data.consumeBoolean();
    final byte[] staticKey = chosenStatic ? data.consumeBytes(32) : null;
    final byte[] payload;
    if (honest) {
      payload = peer.signedPayload(ALICE);
    } else {
      payload = data.consumeRemainingAsBytes();
    }
    final byte[] m3 = peer.message3(staticKey, payload);
    if (readOrFail(responder, m3)) {
      assertThat(responder.result().remotePeer()).isEqualTo(ALICE.peerId());
      assertThat(honest).isTrue();
    } else {
      assertThat(honest && !chosenStatic).isFalse();
    }
  }

  /** Reads a message; true when accepted, false after the one allowed failure. */
  private static boolean readOrFail(final NoiseXXHandshake handshake, final byte[] message) {
    try {
      handshake.readMessage(message);
      return true;
    } catch (final MalformedInputException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
      assertThat(handshake.isDone()).isFalse();
      assertThatThrownBy(handshake::result).isInstanceOf(IllegalStateException.class);
      return false;
    }
  }

  /** An initiator that follows the cryptography but chooses what it encrypts in message 3. */
  private static final class HostileInitiator {
    private final SymmetricState state = new SymmetricState();
    private final X25519.Pair e = X25519.generate();
    private final X25519.Pair s = X25519.generate();
    private byte[] re;

    byte[] message1(final byte[] payload) {
      state.mixHash(e.publicKey());
      final byte[] p = state.encryptAndHash(payload);
      final byte[] out = Arrays.copyOf(e.publicKey(), 32 + p.length);
      System.arraycopy(p, 0, out, 32, p.length);
      return out;
    }

    void readMessage2(final byte[] m) {
      re = Arrays.copyOf(m, 32);
      state.mixHash(re);
      state.mixKey(X25519.dh(e.privateKey(), re));
      final byte[] rs = state.decryptAndHash(Arrays.copyOfRange(m, 32, 80));
      state.mixKey(X25519.dh(e.privateKey(), rs));
      assertThat(state.decryptAndHash(Arrays.copyOfRange(m, 80, m.length))).isNotNull();
    }

    byte[] signedPayload(final NodeKey key) {
      final byte[] prefix = NoiseXXHandshake.SIGNATURE_PREFIX;
      final byte[] signed = Arrays.copyOf(prefix, prefix.length + 32);
      System.arraycopy(s.publicKey(), 0, signed, prefix.length, 32);
      return new NoiseHandshakePayload(key.publicKey().toProtobuf(), key.sign(signed)).encode();
    }

    /** Message 3 with our static key, or a chosen one (then se cannot match). */
    byte[] message3(final byte[] chosenStatic, final byte[] payload) {
      final byte[] encS =
          state.encryptAndHash(
              chosenStatic != null ? Arrays.copyOf(chosenStatic, 32) : s.publicKey());
      final byte[] se = X25519.dh(s.privateKey(), re);
      state.mixKey(se);
      final byte[] p = state.encryptAndHash(payload);
      final byte[] out = Arrays.copyOf(encS, encS.length + p.length);
      System.arraycopy(p, 0, out, encS.length, p.length);
      return out;
    }
  }
}
