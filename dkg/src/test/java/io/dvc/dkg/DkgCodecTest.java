package io.dvc.dkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.ssz.Bytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DkgCodecTest {
  private final SecureRandom random = new SecureRandom();
  private final DkgCodec codec = new DkgCodec(4, 3, 2);

  @Test
  void everyMessageTypeSurvivesEncodeAndDecode() {
    final BlsSecretKey a = BlsSecretKey.random(random);
    final BlsSignature sig = a.sign(new byte[] {1});
    final DkgMessage.ValidatorDeal deal =
        new DkgMessage.ValidatorDeal(
            List.of(a.publicKey(), a.publicKey(), a.publicKey()),
            SchnorrProof.prove(a.toScalar(), a.publicKey(), Bytes.zero(32), 1, 0, random));
    final List<DkgMessage> messages =
        List.of(
            new DkgMessage.Hello(Bytes.zero(32), Bytes.fromHex("0x" + "11".repeat(32))),
            new DkgMessage.Deal(List.of(deal, deal), Bytes.fromHex("0x3044")),
            new DkgMessage.Verdict(
                List.of(2, 3),
                List.of(new DkgMessage.Echo(4, Bytes.zero(32), Bytes.of(new byte[71])))),
            new DkgMessage.DepositPartials(List.of(sig, sig)),
            new DkgMessage.LockSignatures(Bytes.zero(32), Bytes.fromHex("0x3045"), sig),
            new DkgMessage.Abort("operator 2 did something"));
    for (final DkgMessage m : messages) {
      assertThat(codec.decode(DkgCodec.encode(m))).isEqualTo(m);
    }
    final byte[] scalars = new byte[64];
    scalars[63] = 7;
    final DkgMessage.Shares shares =
        (DkgMessage.Shares) codec.decode(DkgCodec.encode(new DkgMessage.Shares(scalars)));
    assertThat(shares.scalars()).isEqualTo(scalars);
    final DkgMessage.Justification j =
        (DkgMessage.Justification)
            codec.decode(
                DkgCodec.encode(
                    new DkgMessage.Justification(List.of(new DkgMessage.Revealed(3, scalars)))));
    assertThat(j.revealed().get(0).complainer()).isEqualTo(3);
    assertThat(j.revealed().get(0).scalars()).isEqualTo(scalars);
  }

  @Test
  void truncatedTrailingAndOversizedMessagesAreRefusedWithAReason() {
    final byte[] hello = DkgCodec.encode(new DkgMessage.Hello(Bytes.zero(32), Bytes.zero(32)));
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(hello, 40)))
        .isInstanceOf(DkgCodec.MalformedMessageException.class)
        .hasMessage("truncated");
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(hello, hello.length + 1)))
        .hasMessage("1 trailing bytes");
    final byte[] tooMany = DkgCodec.encode(new DkgMessage.Shares(new byte[3 * 32]));
    assertThatThrownBy(() -> codec.decode(tooMany)).hasMessage("count 3 exceeds 2");
    assertThatThrownBy(() -> codec.decode(new byte[] {99})).hasMessage("unknown message type 99");
    final byte[] badIndex = DkgCodec.encode(new DkgMessage.Verdict(List.of(5), List.of()));
    assertThatThrownBy(() -> codec.decode(badIndex)).hasMessage("operator index 5 outside 1..4");
  }

  @Test
  void aSchnorrProofVerifiesOnlyInItsOwnContext() {
    final BlsSecretKey a = BlsSecretKey.random(random);
    final Bytes session = Bytes.fromHex("0x" + "22".repeat(32));
    final SchnorrProof proof =
        SchnorrProof.prove(a.toScalar(), a.publicKey(), session, 2, 5, random);
    assertThat(proof.verify(a.publicKey(), session, 2, 5)).isTrue();
    assertThat(proof.verify(a.publicKey(), session, 3, 5)).isFalse();
    assertThat(proof.verify(a.publicKey(), session, 2, 6)).isFalse();
    assertThat(proof.verify(a.publicKey(), Bytes.zero(32), 2, 5)).isFalse();
    assertThat(proof.verify(BlsSecretKey.random(random).publicKey(), session, 2, 5)).isFalse();
    final SchnorrProof forged =
        new SchnorrProof(
            proof.commitment(),
            Bytes.of(
                Scalars.toBytes32(
                    new BigInteger(1, proof.response().toArray()).add(BigInteger.ONE))));
    assertThat(forged.verify(a.publicKey(), session, 2, 5)).isFalse();
  }
}
