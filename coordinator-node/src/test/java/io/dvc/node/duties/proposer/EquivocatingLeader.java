package io.dvc.node.duties.proposer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import io.dvc.consensus.message.WireCodec;
import io.dvc.consensus.message.WireFormatException;
import io.dvc.node.beacon.api.ProposalBlock;
import io.dvc.node.duty.DutyType;
import io.dvc.node.pipeline.ClusterConsensus;
import io.dvc.node.pipeline.Pipeline;
import io.dvc.node.sim.ManualWorld;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.Schemas;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.BlockContents;
import java.util.Set;

/**
 * A hostile QBFT leader for tests: its block proposals reach some peers with another block (same
 * slot, proposer and RANDAO reveal, other graffiti), re-signed with its own operator key, so it
 * equivocates exactly as a real malicious operator could.
 */
final class EquivocatingLeader implements ManualWorld.Interceptor {
  private final int leader;
  private final Set<Integer> deceived;
  private final NodeKey key;
  private final Schemas schemas;
  private final WireCodec codec = new WireCodec(ClusterConsensus.WIRE_LIMITS, ValueHasher.SHA256);
  int equivocations;

  EquivocatingLeader(
      final int leader, final Set<Integer> deceived, final NodeKey key, final Schemas schemas) {
    this.leader = leader;
    this.deceived = Set.copyOf(deceived);
    this.key = key;
    this.schemas = schemas;
  }

  @Override
  public byte[] intercept(
      final int from, final int to, final String protocol, final byte[] message) {
    if (from != leader || !deceived.contains(to) || !protocol.equals(Pipeline.QBFT_PROTOCOL)) {
      return message;
    }
    final QbftMessage decoded;
    try {
      decoded = codec.decode(message);
    } catch (final WireFormatException e) {
      return message;
    }
    if (decoded.type() != MessageType.PROPOSAL
        || decoded.instance().dutyKind() != DutyType.PROPOSER.code()
        || decoded.value() == null) {
      return message;
    }
    final Value other =
        Value.of(
            ProposalBlock.encode(
                schemas, withOtherGraffiti(ProposalBlock.decode(schemas, decoded.value().bytes()))),
            ValueHasher.SHA256);
    final Payload payload =
        Payload.of(
            MessageType.PROPOSAL,
            decoded.instance(),
            decoded.round(),
            decoded.sender(),
            other.digest());
    equivocations++;
    return codec.encode(
        new QbftMessage(
            SignedPayload.sign(payload, key::sign),
            other,
            decoded.roundChanges(),
            decoded.prepares(),
            decoded.commits()));
  }

  private ProposalBlock withOtherGraffiti(final ProposalBlock block) {
    final ForkSchemas fork = schemas.at(block.fork());
    if (block instanceof ProposalBlock.Full f) {
      return new ProposalBlock.Full(block.fork(), regraffiti(fork.beaconBlock(), f.block()));
    }
    if (block instanceof ProposalBlock.WithBlobs w) {
      final BlockContents c = w.contents();
      return new ProposalBlock.WithBlobs(
          block.fork(),
          new BlockContents(regraffiti(fork.beaconBlock(), c.block()), c.kzgProofs(), c.blobs()));
    }
    final BlindedBeaconBlock b = ((ProposalBlock.Blinded) block).block();
    return new ProposalBlock.Blinded(
        block.fork(), regraffiti(fork.blindedBeaconBlock().orElseThrow(), b));
  }

  private static <T> T regraffiti(final io.dvc.spec.ssz.ContainerType<T> type, final T block) {
    final ObjectNode json = (ObjectNode) type.toJson(block);
    ((ObjectNode) json.get("body")).put("graffiti", "0x" + "66".repeat(32));
    return type.fromJson(json);
  }
}
