package io.dvc.node.fault;

import io.dvc.bls.BlsSecretKey;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import io.dvc.consensus.message.WireCodec;
import io.dvc.consensus.message.WireFormatException;
import io.dvc.node.parsig.PartialSignature;
import io.dvc.node.parsig.PartialSignatureCodec;
import io.dvc.node.parsig.PartialSignatureSet;
import io.dvc.node.pipeline.ClusterConsensus;
import io.dvc.node.pipeline.NodeEnvironment;
import io.dvc.node.pipeline.ParSigEx;
import io.dvc.node.pipeline.Pipeline;
import io.dvc.p2p.crypto.NodeKey;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messaging of a node run with a {@link TestFault}: rewrites this node's own outgoing messages
 * the way a malicious operator would, with its real operator key (so the others' checks of the
 * sender pass and only the content is wrong). Incoming messages pass through unchanged. For tests
 * of the honest nodes only.
 */
public final class HostileMessaging implements NodeEnvironment.PeerMessaging {
  /** The throw-away BLS key that signs the wrong partials (not anyone's share). */
  private static final BlsSecretKey WRONG_KEY = BlsSecretKey.fromScalar(BigInteger.valueOf(4242));

  private final NodeEnvironment.PeerMessaging delegate;
  private final TestFault fault;
  private final int selfIndex;
  private final List<Integer> otherOperators;
  private final NodeKey nodeKey;
  private final WireCodec qbftCodec =
      new WireCodec(ClusterConsensus.WIRE_LIMITS, ValueHasher.SHA256);
  private final PartialSignatureCodec parsigCodec = new PartialSignatureCodec(1 << 20);
  private final AtomicLong rewritten = new AtomicLong();

  public HostileMessaging(
      final NodeEnvironment.PeerMessaging delegate,
      final TestFault fault,
      final int selfIndex,
      final List<Integer> operators,
      final NodeKey nodeKey) {
    this.delegate = delegate;
    this.fault = fault;
    this.selfIndex = selfIndex;
    this.otherOperators = operators.stream().filter(i -> i != selfIndex).sorted().toList();
    this.nodeKey = nodeKey;
    if (fault == TestFault.FLOOD) {
      final Thread flooder = new Thread(this::flood, "dvc-test-fault-flood");
      flooder.setDaemon(true);
      flooder.start();
    }
  }

  /** Malformed 1 KiB messages to every peer, 64 per peer at a time, then 1 ms of rest. */
  private void flood() {
    final byte[] garbage = new byte[1024];
    new java.util.Random(selfIndex).nextBytes(garbage);
    garbage[0] = (byte) 0xff; // not a valid protobuf tag of a signed set
    try {
      Thread.sleep(5_000);
      while (!Thread.currentThread().isInterrupted()) {
        for (final int peer : otherOperators) {
          for (int i = 0; i < 64; i++) {
            delegate.send(peer, ParSigEx.PROTOCOL, garbage);
            rewritten.incrementAndGet();
          }
        }
        Thread.sleep(1);
      }
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (final RuntimeException e) {
      // a flood that stops is still a test of the others
    }
  }

  /** How many outgoing messages were rewritten so far. */
  public long rewritten() {
    return rewritten.get();
  }

  @Override
  public void send(final int operator, final String protocol, final byte[] message) {
    byte[] out = message;
    if (fault == TestFault.WRONG_PARTIALS && ParSigEx.PROTOCOL.equals(protocol)) {
      out = wrongPartials(message);
    } else if (fault == TestFault.EQUIVOCATING_LEADER
        && Pipeline.QBFT_PROTOCOL.equals(protocol)
        && inUpperHalf(operator)) {
      out = otherProposal(message);
    }
    if (out != message) {
      rewritten.incrementAndGet();
    }
    delegate.send(operator, protocol, out);
  }

  @Override
  public void handle(final String protocol, final Handler handler) {
    delegate.handle(protocol, handler);
  }

  private boolean inUpperHalf(final int operator) {
    final int position = otherOperators.indexOf(operator);
    return position >= otherOperators.size() / 2;
  }

  /** The same set with every partial replaced by the throw-away key's signature of its root. */
  byte[] wrongPartials(final byte[] wire) {
    final PartialSignatureSet set = parsigCodec.decodeSigned(wire).set();
    final List<PartialSignature> wrong =
        set.partials().stream()
            .map(
                p ->
                    new PartialSignature(
                        p.validatorIndex(), p.signingRoot(), WRONG_KEY.sign(p.signingRoot())))
            .toList();
    final byte[] payload =
        parsigCodec.encodePayload(
            new PartialSignatureSet(set.slot(), set.dutyType(), set.operatorIndex(), wrong));
    return parsigCodec.encodeSigned(payload, nodeKey.sign(PartialSignatureCodec.sha256(payload)));
  }

  /**
   * For this node's own PROPOSAL: the same proposal of another value (its last byte flipped),
   * validly signed; every other message unchanged.
   */
  byte[] otherProposal(final byte[] wire) {
    final QbftMessage message;
    try {
      message = qbftCodec.decode(wire);
    } catch (final WireFormatException e) {
      return wire;
    }
    if (message.type() != MessageType.PROPOSAL
        || message.sender() != selfIndex
        || message.value() == null
        || message.value().length() == 0) {
      return wire;
    }
    final byte[] bytes = message.value().bytes();
    bytes[bytes.length - 1] ^= 1;
    final Value other = Value.of(bytes, ValueHasher.SHA256);
    final Payload payload =
        Payload.of(
            MessageType.PROPOSAL,
            message.instance(),
            message.round(),
            message.sender(),
            other.digest());
    final SignedPayload signed = SignedPayload.sign(payload, nodeKey::sign);
    return qbftCodec.encode(
        new QbftMessage(
            signed, other, message.roundChanges(), message.prepares(), message.commits()));
  }
}
