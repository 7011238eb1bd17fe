package io.dvc.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlsTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] MESSAGE = "attestation data root".getBytes(StandardCharsets.UTF_8);

  private final BlsSecretKey alice = BlsSecretKey.random(RANDOM);
  private final BlsSecretKey bob = BlsSecretKey.random(RANDOM);

  @Test
  void signatureVerifiesOnlyForItsKeyAndMessage() {
    final BlsSignature signature = Bls.sign(alice, MESSAGE);

    assertThat(Bls.verify(alice.publicKey(), MESSAGE, signature)).isTrue();
    assertThat(Bls.verify(bob.publicKey(), MESSAGE, signature)).isFalse();
    assertThat(Bls.verify(alice.publicKey(), new byte[] {1}, signature)).isFalse();
  }

  @Test
  void signingAHashedMessageGivesTheSameSignatureForEveryKey() {
    final HashedMessage hashed = HashedMessage.of(MESSAGE);
    for (int i = 0; i < 5; i++) {
      final BlsSecretKey key = BlsSecretKey.random(RANDOM);
      final BlsSignature signature = key.sign(hashed);
      assertThat(signature).isEqualTo(key.sign(MESSAGE));
      assertThat(Bls.verify(key.publicKey(), MESSAGE, signature)).isTrue();
    }
    assertThat(hashed.message()).isEqualTo(MESSAGE);
    assertThat(hashed).isEqualTo(HashedMessage.of(MESSAGE.clone()));
  }

  @Test
  void uncompressedFormRoundTripsAndRefusesOffCurveBytes() {
    final BlsSignature signature = Bls.sign(alice, MESSAGE);
    final byte[] uncompressed = signature.toUncompressedBytes();

    assertThat(uncompressed).hasSize(BlsSignature.UNCOMPRESSED_SIZE);
    final BlsSignature decoded = BlsSignature.fromUncompressed(uncompressed);
    assertThat(decoded).isEqualTo(signature);
    assertThat(Bls.verify(alice.publicKey(), MESSAGE, decoded)).isTrue();

    final byte[] offCurve = uncompressed.clone();
    offCurve[191] ^= 1;
    assertThatThrownBy(() -> BlsSignature.fromUncompressed(offCurve))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("curve point");
    final byte[] flagged = uncompressed.clone();
    flagged[0] |= (byte) 0x80;
    assertThatThrownBy(() -> BlsSignature.fromUncompressed(flagged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compression flag");
    assertThatThrownBy(() -> BlsSignature.fromUncompressed(signature.toBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("192 bytes");
  }

  @Test
  void signingIsDeterministicAndValuesAreEqualByBytes() {
    final BlsSignature first = Bls.sign(alice, MESSAGE);
    final BlsSignature second = BlsSignature.fromBytes(Bls.sign(alice, MESSAGE).toBytes());

    assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
    assertThat(BlsPublicKey.fromHex(alice.publicKey().toHex())).isEqualTo(alice.publicKey());
    assertThat(BlsSecretKey.fromBytes(alice.toBytes())).isEqualTo(alice);
  }

  @Test
  void wrongLengthsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> BlsPublicKey.fromBytes(new byte[47]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("48 bytes, got 47");
    assertThatThrownBy(() -> BlsSignature.fromBytes(new byte[95]))
        .hasMessageContaining("96 bytes, got 95");
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(new byte[32])).hasMessageContaining("1..r-1");
    assertThatThrownBy(() -> BlsSecretKey.fromBytes(Bls.toBytes32(Bls.CURVE_ORDER)))
        .hasMessageContaining("1..r-1");
  }

  @Test
  void keyValidateRejectsInfinityAndGarbage() {
    final byte[] infinity = new byte[48];
    infinity[0] = (byte) 0xc0;
    final byte[] garbage = new byte[48];
    garbage[0] = (byte) 0x9f;
    garbage[47] = 1;

    assertThat(BlsPublicKey.fromBytes(infinity).isValid()).isFalse();
    assertThat(BlsPublicKey.fromBytes(infinity).isDecodable()).isTrue();
    assertThat(BlsPublicKey.fromBytes(garbage).isValid()).isFalse();
    assertThat(Bls.verify(BlsPublicKey.fromBytes(garbage), MESSAGE, Bls.sign(alice, MESSAGE)))
        .isFalse();
  }

  @Test
  void tamperedSignatureDoesNotVerify() {
    final byte[] bytes = Bls.sign(alice, MESSAGE).toBytes();
    bytes[40] ^= 1;
    final BlsSignature tampered = BlsSignature.fromBytes(bytes);

    assertThat(Bls.verify(alice.publicKey(), MESSAGE, tampered)).isFalse();
  }

  @Test
  void aggregatesVerify() {
    final BlsSignature aggregate =
        Bls.aggregate(List.of(Bls.sign(alice, MESSAGE), Bls.sign(bob, MESSAGE)));
    final List<BlsPublicKey> keys = List.of(alice.publicKey(), bob.publicKey());

    assertThat(Bls.fastAggregateVerify(keys, MESSAGE, aggregate)).isTrue();
    assertThat(Bls.fastAggregateVerify(List.of(alice.publicKey()), MESSAGE, aggregate)).isFalse();
    assertThat(Bls.fastAggregateVerify(List.of(), MESSAGE, aggregate)).isFalse();

    final byte[] other = {7, 7};
    final BlsSignature distinct =
        Bls.aggregate(List.of(Bls.sign(alice, MESSAGE), Bls.sign(bob, other)));
    assertThat(Bls.aggregateVerify(keys, List.of(MESSAGE, other), distinct)).isTrue();
    assertThat(Bls.aggregateVerify(keys, List.of(other, MESSAGE), distinct)).isFalse();
    assertThatThrownBy(() -> Bls.aggregate(List.of())).isInstanceOf(BlsException.class);
  }

  @Test
  void batchVerifyAcceptsGoodSetsAndRejectsOneBadSignature() {
    final List<BlsSecretKey> keys = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      keys.add(BlsSecretKey.random(RANDOM));
    }
    final List<SignatureSet> same = new ArrayList<>();
    final List<SignatureSet> distinct = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      final byte[] message = {(byte) i};
      same.add(new SignatureSet(keys.get(i).publicKey(), MESSAGE, keys.get(i).sign(MESSAGE)));
      distinct.add(new SignatureSet(keys.get(i).publicKey(), message, keys.get(i).sign(message)));
    }
    assertThat(Bls.batchVerify(same)).isTrue();
    assertThat(Bls.batchVerify(distinct)).isTrue();

    final List<SignatureSet> sameBad = new ArrayList<>(same);
    sameBad.set(3, new SignatureSet(keys.get(3).publicKey(), MESSAGE, keys.get(4).sign(MESSAGE)));
    final List<SignatureSet> distinctBad = new ArrayList<>(distinct);
    distinctBad.set(
        5,
        new SignatureSet(
            keys.get(5).publicKey(), new byte[] {9}, keys.get(5).sign(new byte[] {5})));
    assertThat(Bls.batchVerify(sameBad)).isFalse();
    assertThat(Bls.batchVerify(distinctBad)).isFalse();
    assertThat(Bls.batchVerify(List.of())).isFalse();
  }

  @Test
  void batchVerifyCatchesSignaturesThatCancelOut() {
    // Two wrong signatures whose sum is right: sigA + d and sigB - d pass an unweighted check.
    final BlsSignature sigA = alice.sign(MESSAGE);
    final BlsSignature sigB = bob.sign(MESSAGE);
    final BlsSignature delta = BlsSecretKey.random(RANDOM).sign(MESSAGE);
    final BlsSignature forgedA = Bls.aggregate(List.of(sigA, delta));
    final BlsSignature forgedB =
        Bls.aggregate(
            List.of(sigB, BlsArithmetic.multiply(delta, java.math.BigInteger.ONE.negate())));
    final List<SignatureSet> sets =
        List.of(
            new SignatureSet(alice.publicKey(), MESSAGE, forgedA),
            new SignatureSet(bob.publicKey(), MESSAGE, forgedB));

    assertThat(
            Bls.fastAggregateVerify(
                List.of(alice.publicKey(), bob.publicKey()),
                MESSAGE,
                Bls.aggregate(List.of(forgedA, forgedB))))
        .isTrue();
    assertThat(Bls.batchVerify(sets)).isFalse();
  }

  @Test
  void destroyedSecretKeyIsZeroedAndUnusable() {
    final BlsSecretKey key = BlsSecretKey.random(RANDOM);
    key.destroy();

    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(() -> key.sign(MESSAGE)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(key::toBytes).isInstanceOf(IllegalStateException.class);
    assertThat(key.toString()).doesNotContainPattern("[0-9a-f]{8}");
  }

  @Test
  void secretKeyNeverPrintsItsValue() {
    final String hex = io.dvc.common.bytes.Hex.encodeBare(alice.toBytes());
    assertThat(alice.toString()).doesNotContain(hex).contains("redacted");
  }
}
