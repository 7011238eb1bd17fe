package io.dvc.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.bytes.Hex;
import io.dvc.p2p.crypto.Ed25519PublicKey;
import io.dvc.p2p.crypto.KeyType;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.p2p.crypto.PeerPublicKey;
import io.dvc.p2p.util.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

class PeerIdTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void identityPeerIdsGiveBackTheirEmbeddedKey() {
    final NodeKey key = NodeKey.generate(RANDOM);
    assertThat(key.peerId().embeddedPublicKey()).contains(key.publicKey());
    final byte[] sha256Id = new byte[34];
    sha256Id[0] = 0x12;
    sha256Id[1] = 0x20;
    assertThat(PeerId.fromBytes(sha256Id).embeddedPublicKey()).isEmpty();
  }

  @Test
  void secp256k1KeysGiveIdentityMultihashPeerIds() {
    // 0x00 identity, 0x25 = 37 bytes: 08 02 (Type = Secp256k1) 12 21 (Data, 33 bytes) + point
    final byte[] bytes =
        Hex.decode(
            "002508021221039481269fe831799b1a0f1d521c1395b4831514859e4559c44d155eae46f03819");
    final PeerId id = PeerId.fromBytes(bytes);
    final PeerPublicKey key =
        PeerPublicKey.fromProtobuf(Arrays.copyOfRange(bytes, 2, bytes.length));
    assertThat(key.type()).isEqualTo(KeyType.SECP256K1);
    assertThat(PeerId.fromPublicKey(key)).isEqualTo(id);
    assertThat(id.toBase58()).startsWith("16Uiu2");
    assertThat(PeerId.fromBase58(id.toBase58())).isEqualTo(id);
  }

  @Test
  void ed25519KeysGiveIdentityMultihashPeerIds() {
    final byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    final byte[] pub = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    final PeerId id = PeerId.fromPublicKey(Ed25519PublicKey.fromRaw(pub));
    assertThat(id.toBase58()).startsWith("12D3KooW");
    final byte[] mh = id.toBytes();
    assertThat(Arrays.copyOfRange(mh, 0, 6)).isEqualTo(Hex.decode("002408011220"));
    assertThat(Arrays.copyOfRange(mh, 6, 38)).isEqualTo(pub);
  }

  @Test
  void sha256PeerIdsFromTheSpecParse() {
    final PeerId id = PeerId.fromBase58("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    assertThat(id.toBytes()[0]).isEqualTo((byte) 0x12);
    assertThat(id.toBytes()).hasSize(34);
    assertThat(id.toBase58()).isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
  }

  @Test
  void nodeKeySignaturesVerifyAndAreLowS() {
    final NodeKey key = NodeKey.generate(RANDOM);
    final byte[] msg = "noise-libp2p-static-key:abc".getBytes(StandardCharsets.US_ASCII);
    final byte[] sig = key.sign(msg);
    assertThat(key.publicKey().verify(msg, sig)).isTrue();
    assertThat(key.publicKey().verify("other".getBytes(StandardCharsets.US_ASCII), sig)).isFalse();
    assertThat(key.peerId().matches(key.publicKey())).isTrue();
    assertThat(key.toString()).doesNotContain(Hex.encodeBare(new byte[0]) + "secret");
    key.destroy();
    assertThatThrownBy(() -> key.sign(msg)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsMalformedIds() {
    assertThatThrownBy(() -> PeerId.fromBytes(Hex.decode("0025080212")))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> PeerId.fromBytes(Hex.decode("1302abcd")))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> PeerId.fromBase58("not-base58!"))
        .isInstanceOf(MalformedInputException.class);
    // identity multihash of an RSA-typed key that is not a valid key is refused
    assertThatThrownBy(() -> PeerId.fromBytes(Hex.decode("00060800120201ff")))
        .isInstanceOf(MalformedInputException.class);
    // ECDSA keys are refused
    assertThatThrownBy(() -> PeerId.fromBytes(Hex.decode("00060803120201ff")))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void rsaKeysGiveSha256PeerIdsAndVerify() throws Exception {
    final java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    final java.security.KeyPair kp = g.generateKeyPair();
    final byte[] encoded =
        new io.dvc.p2p.util.Protobuf.Writer()
            .varint(1, 0)
            .bytes(2, kp.getPublic().getEncoded())
            .toByteArray();
    final PeerPublicKey key = PeerPublicKey.fromProtobuf(encoded);
    assertThat(key.type()).isEqualTo(KeyType.RSA);
    final PeerId id = PeerId.fromPublicKey(key);
    assertThat(id.toBase58()).startsWith("Qm");
    final byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(encoded);
    assertThat(Arrays.copyOfRange(id.toBytes(), 2, 34)).isEqualTo(digest);
    final java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
    signer.initSign(kp.getPrivate());
    signer.update(new byte[] {1, 2, 3});
    final byte[] sig = signer.sign();
    assertThat(key.verify(new byte[] {1, 2, 3}, sig)).isTrue();
    assertThat(key.verify(new byte[] {1, 2, 4}, sig)).isFalse();
  }
}
