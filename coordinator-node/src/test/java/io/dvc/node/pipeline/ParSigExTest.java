package io.dvc.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.BlsSecretKey;
import io.dvc.node.cluster.Operator;
import io.dvc.node.parsig.PartialSignature;
import io.dvc.node.parsig.PartialSignatureCodec;
import io.dvc.node.parsig.PartialSignatureSet;
import io.dvc.p2p.crypto.NodeKey;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** When this node sends its set of a round again to a peer that missed it. */
class ParSigExTest {
  private static final long LATE_MILLIS = 4_000;
  private final NodeKey selfKey = NodeKey.generate(new SecureRandom(new byte[] {1}));
  private final NodeKey peerKey = NodeKey.generate(new SecureRandom(new byte[] {2}));
  private final PartialSignatureCodec codec = new PartialSignatureCodec(16);
  private final AtomicLong now = new AtomicLong();
  private final List<String> sentToPeer = new ArrayList<>();
  private NodeEnvironment.PeerMessaging.Handler handler;

  private final ParSigEx exchange =
      new ParSigEx(
          codec,
          selfKey,
          1,
          List.of(
              new Operator(1, selfKey.peerId(), selfKey.publicKey(), Optional.empty()),
              new Operator(2, peerKey.peerId(), peerKey.publicKey(), Optional.empty())),
          new NodeEnvironment.PeerMessaging() {
            @Override
            public void send(final int operator, final String protocol, final byte[] message) {
              sentToPeer.add("to " + operator + " at " + now.get());
            }

            @Override
            public void handle(final String protocol, final Handler h) {
              handler = h;
            }
          },
          LoggerFactory.getLogger(ParSigExTest.class),
          System::nanoTime,
          (operator, kind) -> {},
          now::get,
          LATE_MILLIS);

  private static PartialSignatureSet set(final int operator) {
    final byte[] root = new byte[32];
    root[0] = 7;
    final BlsSecretKey share = BlsSecretKey.fromScalar(BigInteger.valueOf(90 + operator));
    return new PartialSignatureSet(
        40, 3, operator, List.of(new PartialSignature(11, root, share.sign(root))));
  }

  private void peerSendsItsSetAt(final long millis) {
    now.set(millis);
    final byte[] payload = codec.encodePayload(set(2));
    handler.onMessage(
        2, codec.encodeSigned(payload, peerKey.sign(PartialSignatureCodec.sha256(payload))));
  }

  @Test
  void aPeerThatJoinsOnTimeIsNotSentTheSetAgain() {
    exchange.broadcast(set(1));
    peerSendsItsSetAt(300);
    assertThat(sentToPeer).containsExactly("to 2 at 0");
  }

  @Test
  void aPeerWhoseFirstSetComesLongAfterOursIsSentOursAgainOnce() {
    exchange.broadcast(set(1));
    peerSendsItsSetAt(10_000);
    peerSendsItsSetAt(10_500);
    assertThat(sentToPeer).containsExactly("to 2 at 0", "to 2 at 10000");
  }

  @Test
  void aRestartedPeerThatSendsItsSetAgainLongAfterGetsOursAgainButAFloodDoesNot() {
    exchange.broadcast(set(1));
    peerSendsItsSetAt(300); // on time, before its restart
    peerSendsItsSetAt(60_000); // restarted: it lost what it had combined
    for (long t = 60_001; t < 60_000 + LATE_MILLIS; t += 100) {
      peerSendsItsSetAt(t); // repeating itself: no more than one answer per late interval
    }
    assertThat(sentToPeer).containsExactly("to 2 at 0", "to 2 at 60000");
  }
}
