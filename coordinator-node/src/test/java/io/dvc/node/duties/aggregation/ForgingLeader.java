package io.dvc.node.duties.aggregation;

import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import io.dvc.consensus.message.WireCodec;
import io.dvc.consensus.message.WireFormatException;
import io.dvc.node.duty.DutyType;
import io.dvc.node.duty.IndexedValues;
import io.dvc.node.pipeline.ClusterConsensus;
import io.dvc.node.pipeline.Pipeline;
import io.dvc.node.sim.ManualWorld;
import io.dvc.p2p.crypto.NodeKey;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.types.Attestation;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.ElectraAttestation;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A hostile QBFT leader for tests: its aggregation proposals reach every peer with aggregates for
 * other attestation data (another block root), re-signed with its own operator key, as a real
 * malicious operator (or one whose beacon node lies and who skips its own checks) could send them.
 */
final class ForgingLeader implements ManualWorld.Interceptor {
  private final int leader;
  private final NodeKey key;
  private final ContainerType<Attestation> electra;
  private final WireCodec codec = new WireCodec(ClusterConsensus.WIRE_LIMITS, ValueHasher.SHA256);
  int forged;

  ForgingLeader(final int leader, final NodeKey key, final Schemas schemas) {
    this.leader = leader;
    this.key = key;
    this.electra = schemas.at(ForkName.ELECTRA).attestation();
  }

  @Override
  public byte[] intercept(
      final int from, final int to, final String protocol, final byte[] message) {
    if (from != leader || !protocol.equals(Pipeline.QBFT_PROTOCOL)) {
      return message;
    }
    final QbftMessage decoded;
    try {
      decoded = codec.decode(message);
    } catch (final WireFormatException e) {
      return message;
    }
    if (decoded.type() != MessageType.PROPOSAL
        || decoded.instance().dutyKind() != DutyType.AGGREGATOR.code()
        || decoded.value() == null) {
      return message;
    }
    final SortedMap<Long, byte[]> forgedEntries = new TreeMap<>();
    for (final Map.Entry<Long, byte[]> e :
        IndexedValues.decode(decoded.value().bytes(), 64).entrySet()) {
      final ElectraAttestation a = (ElectraAttestation) electra.deserialize(e.getValue());
      final AttestationData d = a.data();
      final byte[] otherRoot = d.beaconBlockRoot().toArray();
      otherRoot[0] ^= 1;
      forgedEntries.put(
          e.getKey(),
          electra.serialize(
              new ElectraAttestation(
                  a.aggregationBits(),
                  new AttestationData(
                      d.slot(), d.index(), Bytes.of(otherRoot), d.source(), d.target()),
                  a.signature(),
                  a.committeeBits())));
    }
    final Value other = Value.of(IndexedValues.encode(forgedEntries), ValueHasher.SHA256);
    final Payload payload =
        Payload.of(
            MessageType.PROPOSAL,
            decoded.instance(),
            decoded.round(),
            decoded.sender(),
            other.digest());
    forged++;
    return codec.encode(
        new QbftMessage(
            SignedPayload.sign(payload, key::sign),
            other,
            decoded.roundChanges(),
            decoded.prepares(),
            decoded.commits()));
  }
}
