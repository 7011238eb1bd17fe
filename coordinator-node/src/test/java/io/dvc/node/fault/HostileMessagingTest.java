package io.dvc.node.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsSecretKey;
import io.dvc.consensus.InstanceId;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import io.dvc.consensus.message.WireCodec;
import io.dvc.node.parsig.PartialSignature;
import io.dvc.node.parsig.PartialSignatureCodec;
import io.dvc.node.parsig.PartialSignatureSet;
import io.dvc.node.pipeline.ClusterConsensus;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.node.pipeline.ParSigEx;
import io.dvc.node.pipeline.Pipeline;
import io.dvc.p2p.crypto.NodeKey;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HostileMessagingTest {
  private final NodeKey key = NodeKey.generate(new SecureRandom(new byte[] {1}));
  private final Map<Integer, byte[]> sent = new TreeMap<>();
  private final NodeEnvironment.PeerMessaging capture =
      new NodeEnvironment.PeerMessaging() {
        @Override
        public void send(final int operator, final String protocol, final byte[] message) {
          sent.put(operator, message);
        }

        @Override
        public void handle(final String protocol, final Handler handler) {}
      };
  private final WireCodec qbft = new WireCodec(ClusterConsensus.WIRE_LIMITS, ValueHasher.SHA256);

  private HostileMessaging hostile(final TestFault fault) {
    return new HostileMessaging(capture, fault, 1, List.of(1, 2, 3, 4), key);
  }

  private byte[] proposal(final MessageType type, final int sender) {
    final Value value = Value.of(new byte[] {1, 2, 3, 4}, ValueHasher.SHA256);
    final SignedPayload signed =
        SignedPayload.sign(
            Payload.of(type, new InstanceId(9, 1), 1, sender, value.digest()), key::sign);
    return qbft.encode(
        new QbftMessage(
            signed, type == MessageType.PROPOSAL ? value : null, List.of(), List.of(), List.of()));
  }

  @Test
  void asLeaderItSendsTheUpperHalfOfItsPeersASecondValidlySignedProposal() throws Exception {
    final HostileMessaging messaging = hostile(TestFault.EQUIVOCATING_LEADER);
    final byte[] original = proposal(MessageType.PROPOSAL, 1);
    for (final int peer : List.of(2, 3, 4)) {
      messaging.send(peer, Pipeline.QBFT_PROTOCOL, original);
    }
    assertThat(sent.get(2)).isEqualTo(original);
    final QbftMessage first = qbft.decode(original);
    for (final int peer : List.of(3, 4)) {
      final QbftMessage other = qbft.decode(sent.get(peer));
      assertThat(other.type()).isEqualTo(MessageType.PROPOSAL);
      assertThat(other.instance()).isEqualTo(first.instance());
      assertThat(other.round()).isEqualTo(first.round());
      assertThat(other.payload().digest()).isNotEqualTo(first.payload().digest());
      assertThat(other.signed().verify((op, root, sig) -> key.publicKey().verify(root, sig)))
          .as("signed with the operator's real key: an equivocation, not a forgery")
          .isTrue();
    }
    assertThat(messaging.rewritten()).isEqualTo(2);
  }

  @Test
  void messagesOtherThanItsOwnProposalsPassUnchanged() {
    final HostileMessaging messaging = hostile(TestFault.EQUIVOCATING_LEADER);
    final byte[] prepare = proposal(MessageType.PREPARE, 1);
    final byte[] othersProposal = proposal(MessageType.PROPOSAL, 2);
    messaging.send(4, Pipeline.QBFT_PROTOCOL, prepare);
    assertThat(sent.get(4)).isEqualTo(prepare);
    messaging.send(4, Pipeline.QBFT_PROTOCOL, othersProposal);
    assertThat(sent.get(4)).isEqualTo(othersProposal);
    messaging.send(4, ParSigEx.PROTOCOL, new byte[] {7});
    assertThat(sent.get(4)).containsExactly(7);
    assertThat(messaging.rewritten()).isZero();
  }

  @Test
  void wrongPartialsAreValidPointsOverTheSameRootsThatDoNotVerifyUnderTheShare() {
    final BlsSecretKey share = BlsSecretKey.fromScalar(BigInteger.valueOf(99));
    final List<PartialSignature> partials = new ArrayList<>();
    for (int v = 0; v < 3; v++) {
      final byte[] root = new byte[32];
      Arrays.fill(root, (byte) v);
      partials.add(new PartialSignature(v, root, share.sign(root)));
    }
    final PartialSignatureCodec codec = new PartialSignatureCodec(16);
    final byte[] payload = codec.encodePayload(new PartialSignatureSet(5, 1, 1, partials));
    final byte[] wire =
        codec.encodeSigned(payload, key.sign(PartialSignatureCodec.sha256(payload)));

    hostile(TestFault.WRONG_PARTIALS).send(2, ParSigEx.PROTOCOL, wire);

    final PartialSignatureCodec.Signed out = codec.decodeSigned(sent.get(2));
    assertThat(key.publicKey().verify(out.digest(), out.operatorSignature()))
        .as("the set is signed with the operator's real key")
        .isTrue();
    assertThat(out.set().slot()).isEqualTo(5);
    assertThat(out.set().partials()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      final PartialSignature wrong = out.set().partials().get(i);
      assertThat(wrong.signingRoot()).isEqualTo(partials.get(i).signingRoot());
      assertThat(Bls.verify(share.publicKey(), wrong.signingRoot(), wrong.signature()))
          .as("partial %d under the share", i)
          .isFalse();
    }
  }
}
