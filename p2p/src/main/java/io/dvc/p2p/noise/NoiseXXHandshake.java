package io.dvc.p2p.noise;

import io.dvc.p2p.PeerId;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.crypto.PeerPublicKey;
import io.dvc.p2p.util.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Noise_XX_25519_ChaChaPoly_SHA256 with the libp2p payload, staged and without I/O:
 *
 * <pre>
 *   -> e                          message 1: 32 bytes (plus an empty payload)
 *   <- e, ee, s, es, payload      message 2: 32 + 48 + payload + 16 bytes
 *   -> s, se, payload             message 3: 48 + payload + 16 bytes
 * </pre>
 *
 * The payload carries the identity key and its signature over {@code "noise-libp2p-static-key:" ||
 * s}; each side verifies the other's. A dialer that expects a peer id rejects any other identity.
 * Any failure throws {@link MalformedInputException}.
 */
public final class NoiseXXHandshake {
  public static final String PROTOCOL_ID = "/noise";
  static final byte[] SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
  private static final int DH_LENGTH = 32;
  private static final int ENCRYPTED_KEY_LENGTH = DH_LENGTH + CipherState.TAG_LENGTH;

  /** Result: the authenticated remote identity and the two transport cipher states. */
  public record Result(
      PeerId remotePeer, PeerPublicKey remoteKey, CipherState sender, CipherState receiver) {}

  private enum Stage {
    WRITE_1,
    READ_1,
    WRITE_2,
    READ_2,
    WRITE_3,
    READ_3,
    DONE
  }

  private final boolean initiator;
  private final NoiseIdentity identity;
  private final PeerId expectedRemote;
  private final SymmetricState state = new SymmetricState();
  private final X25519.Pair s;
  private X25519.Pair e;
  private byte[] re;
  private byte[] rs;
  private PeerPublicKey remoteKey;
  private PeerId remotePeer;
  private Stage stage;

  private NoiseXXHandshake(
      final boolean initiator, final NoiseIdentity identity, final PeerId expected) {
    this.initiator = initiator;
    this.identity = identity;
    this.s = identity.staticKey();
    this.expectedRemote = expected;
    this.stage = initiator ? Stage.WRITE_1 : Stage.READ_1;
  }

  /** The dialer; {@code expectedRemote} may be null to accept any authenticated identity. */
  public static NoiseXXHandshake initiator(
      final NoiseIdentity identity, final PeerId expectedRemote) {
    return new NoiseXXHandshake(true, identity, expectedRemote);
  }

  public static NoiseXXHandshake responder(final NoiseIdentity identity) {
    return new NoiseXXHandshake(false, identity, null);
  }

  /** With a fresh static key (tests and one-off use). */
  public static NoiseXXHandshake initiator(final NodeKey key, final PeerId expectedRemote) {
    return initiator(NoiseIdentity.create(key), expectedRemote);
  }

  public static NoiseXXHandshake responder(final NodeKey key) {
    return responder(NoiseIdentity.create(key));
  }

  public boolean isInitiator() {
    return initiator;
  }

  /** True when the next step is ours to write. */
  public boolean isMyTurnToWrite() {
    return stage == Stage.WRITE_1 || stage == Stage.WRITE_2 || stage == Stage.WRITE_3;
  }

  public boolean isDone() {
    return stage == Stage.DONE;
  }

  public byte[] writeMessage() {
    return switch (stage) {
      case WRITE_1 -> writeMessage1();
      case WRITE_2 -> writeMessage2();
      case WRITE_3 -> writeMessage3();
      default -> throw new IllegalStateException("not our turn to write in stage " + stage);
    };
  }

  public void readMessage(final byte[] message) {
    switch (stage) {
      case READ_1 -> readMessage1(message);
      case READ_2 -> readMessage2(message);
      case READ_3 -> readMessage3(message);
      default ->
          throw new MalformedInputException(
              "noise: unexpected handshake message in stage " + stage);
    }
  }

  public Result result() {
    if (stage != Stage.DONE) {
      throw new IllegalStateException("handshake not finished");
    }
    final CipherState[] cs = state.split();
    return initiator
        ? new Result(remotePeer, remoteKey, cs[0], cs[1])
        : new Result(remotePeer, remoteKey, cs[1], cs[0]);
  }

  private byte[] writeMessage1() {
    e = X25519.generate();
    state.mixHash(e.publicKey());
    final byte[] payload = state.encryptAndHash(new byte[0]);
    stage = Stage.READ_2;
    return concat(e.publicKey(), payload);
  }

  private void readMessage1(final byte[] m) {
    if (m.length < DH_LENGTH) {
      throw new MalformedInputException("noise: message 1 of " + m.length + " bytes is too short");
    }
    re = Arrays.copyOf(m, DH_LENGTH);
    state.mixHash(re);
    state.decryptAndHash(Arrays.copyOfRange(m, DH_LENGTH, m.length));
    stage = Stage.WRITE_2;
  }

  private byte[] writeMessage2() {
    e = X25519.generate();
    state.mixHash(e.publicKey());
    state.mixKey(dh(e, re));
    final byte[] encS = state.encryptAndHash(s.publicKey());
    state.mixKey(dh(s, re));
    final byte[] payload = state.encryptAndHash(ourPayload());
    stage = Stage.READ_3;
    return concat(concat(e.publicKey(), encS), payload);
  }

  private void readMessage2(final byte[] m) {
    if (m.length < DH_LENGTH + ENCRYPTED_KEY_LENGTH + CipherState.TAG_LENGTH) {
      throw new MalformedInputException("noise: message 2 of " + m.length + " bytes is too short");
    }
    re = Arrays.copyOf(m, DH_LENGTH);
    state.mixHash(re);
    state.mixKey(dh(e, re));
    rs = decrypt(Arrays.copyOfRange(m, DH_LENGTH, DH_LENGTH + ENCRYPTED_KEY_LENGTH), "static key");
    state.mixKey(dh(e, rs));
    final byte[] payload =
        decrypt(Arrays.copyOfRange(m, DH_LENGTH + ENCRYPTED_KEY_LENGTH, m.length), "payload");
    verifyPayload(payload);
    stage = Stage.WRITE_3;
  }

  private byte[] writeMessage3() {
    final byte[] encS = state.encryptAndHash(s.publicKey());
    state.mixKey(dh(s, re));
    final byte[] payload = state.encryptAndHash(ourPayload());
    stage = Stage.DONE;
    return concat(encS, payload);
  }

  private void readMessage3(final byte[] m) {
    if (m.length < ENCRYPTED_KEY_LENGTH + CipherState.TAG_LENGTH) {
      throw new MalformedInputException("noise: message 3 of " + m.length + " bytes is too short");
    }
    rs = decrypt(Arrays.copyOf(m, ENCRYPTED_KEY_LENGTH), "static key");
    state.mixKey(dh(e, rs));
    final byte[] payload =
        decrypt(Arrays.copyOfRange(m, ENCRYPTED_KEY_LENGTH, m.length), "payload");
    verifyPayload(payload);
    stage = Stage.DONE;
  }

  private byte[] ourPayload() {
    return identity.payload();
  }

  private void verifyPayload(final byte[] bytes) {
    final NoiseHandshakePayload payload = NoiseHandshakePayload.decode(bytes);
    final PeerPublicKey key = PeerPublicKey.fromProtobuf(payload.identityKey());
    if (!key.verify(concat(SIGNATURE_PREFIX, rs), payload.identitySig())) {
      throw new MalformedInputException("noise: identity signature over the static key is invalid");
    }
    final PeerId peer = PeerId.fromPublicKey(key);
    if (expectedRemote != null && !expectedRemote.equals(peer)) {
      throw new MalformedInputException(
          "noise: remote is " + peer + ", expected " + expectedRemote);
    }
    remoteKey = key;
    remotePeer = peer;
  }

  private byte[] decrypt(final byte[] ciphertext, final String what) {
    final byte[] pt = state.decryptAndHash(ciphertext);
    if (pt == null) {
      throw new MalformedInputException("noise: " + what + " failed authentication");
    }
    return pt;
  }

  private static byte[] dh(final X25519.Pair ours, final byte[] theirs) {
    final byte[] out = X25519.dh(ours.privateKey(), theirs);
    if (out == null) {
      throw new MalformedInputException("noise: invalid remote X25519 key");
    }
    return out;
  }

  private static byte[] concat(final byte[] a, final byte[] b) {
    final byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
