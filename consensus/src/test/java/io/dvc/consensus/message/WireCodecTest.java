package io.dvc.consensus.message;

import static io.dvc.consensus.testing.Cluster.ID;
import static io.dvc.consensus.testing.Cluster.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
import io.dvc.consensus.Value;
import io.dvc.consensus.ValueHasher;
import io.dvc.consensus.testing.Cluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private final Cluster cluster = new Cluster(4);
  private final WireCodec codec = new WireCodec(WireLimits.DEFAULT, ValueHasher.SHA256);
  private final Value v = input(1);

  private QbftMessage proposalRound2() {
    return cluster.proposal(
        2,
        2,
        v,
        List.of(
            cluster.roundChangePayload(1, 2, 1, v.digest()),
            cluster.roundChangePayload(3, 2, 0, null),
            cluster.roundChangePayload(4, 2, 0, null)),
        cluster.prepares(1, v, 1, 2, 3));
  }

  @Test
  void roundTripsAProposalWithJustifications() throws Exception {
    final QbftMessage m = proposalRound2();
    final byte[] bytes = codec.encode(m);
    assertThat(codec.encodedSize(m)).isEqualTo(bytes.length);
    final QbftMessage back = codec.decode(bytes);
    assertThat(back.signed()).isEqualTo(m.signed());
    assertThat(back.payload()).isEqualTo(m.payload());
    assertThat(back.value()).isEqualTo(v);
    assertThat(back.roundChanges()).isEqualTo(m.roundChanges());
    assertThat(back.prepares()).isEqualTo(m.prepares());
    assertThat(back.commits()).isEmpty();
  }

  @Test
  void roundTripsEveryMessageKind() throws Exception {
    final List<QbftMessage> all =
        List.of(
            cluster.prepare(2, 1, v.digest()),
            cluster.commit(3, 7, v.digest()),
            cluster.roundChange(4, 3),
            cluster.preparedRoundChange(1, 3, 2, v, cluster.prepares(2, v, 1, 2, 3)),
            new QbftMessage(
                cluster.sign(1, Payload.of(MessageType.DECIDED, ID, 1, 1, v.digest())),
                v,
                List.of(),
                List.of(),
                cluster.commits(1, v, 1, 2, 3)));
    for (QbftMessage m : all) {
      final QbftMessage back = codec.decode(codec.encode(m));
      assertThat(back.signed()).isEqualTo(m.signed());
      assertThat(back.payload()).isEqualTo(m.payload());
      assertThat(back.commits()).isEqualTo(m.commits());
      assertThat(back.prepares()).isEqualTo(m.prepares());
    }
  }

  @Test
  void payloadEncodingIsTheProtobufLayout() {
    final Payload p = Payload.of(MessageType.COMMIT, ID, 5, 3, v.digest());
    final byte[] expected = new byte[2 + 2 + 2 + 2 + 2 + 34];
    int i = 0;
    expected[i++] = 0x08; // type = 3
    expected[i++] = 3;
    expected[i++] = 0x10; // height = 100
    expected[i++] = 100;
    expected[i++] = 0x18; // duty kind = 1
    expected[i++] = 1;
    expected[i++] = 0x20; // round = 5
    expected[i++] = 5;
    expected[i++] = 0x28; // sender = 3
    expected[i++] = 3;
    expected[i++] = 0x32; // digest, 32 bytes
    expected[i++] = 32;
    System.arraycopy(v.digest().toArray(), 0, expected, i, 32);
    assertThat(p.encode()).isEqualTo(expected);
  }

  @Test
  void rejectsEmptyInput() {
    assertThatThrownBy(() -> codec.decode(new byte[0])).hasMessageContaining("empty");
  }

  @Test
  void rejectsValueOverTheLimit() {
    final WireCodec small = new WireCodec(new WireLimits(8, 8, 128), ValueHasher.SHA256);
    final byte[] bytes = codec.encode(cluster.proposal(1, 1, v, List.of(), List.of()));
    assertThatThrownBy(() -> small.decode(bytes)).hasMessageContaining("value of");
  }

  @Test
  void rejectsMoreJustificationEntriesThanTheLimit() {
    final WireCodec small = new WireCodec(new WireLimits(1024, 2, 128), ValueHasher.SHA256);
    final byte[] bytes = codec.encode(proposalRound2());
    assertThatThrownBy(() -> small.decode(bytes)).hasMessageContaining("round_changes");
  }

  @Test
  void rejectsMessagesLargerThanTheLimitBeforeParsing() {
    final WireCodec small = new WireCodec(new WireLimits(1, 1, 1), ValueHasher.SHA256);
    final byte[] big = new byte[small.limits().maxMessageBytes() + 1];
    assertThatThrownBy(() -> small.decode(big)).hasMessageContaining("exceeds");
  }

  @Test
  void rejectsUnknownFields() {
    final byte[] valid = codec.encode(cluster.prepare(2, 1, v.digest()));
    final byte[] extra = Arrays.copyOf(valid, valid.length + 2);
    extra[valid.length] = (byte) 0x4a; // field 9, length-delimited
    extra[valid.length + 1] = 0;
    assertThatThrownBy(() -> codec.decode(extra)).hasMessageContaining("unknown field 9");
  }

  @Test
  void rejectsFieldsOutOfOrder() throws IOException {
    final QbftMessage m = cluster.proposal(1, 1, v, List.of(), List.of());
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final CodedOutputStream cos = CodedOutputStream.newInstance(out);
    cos.writeByteArray(2, v.bytes());
    cos.writeByteArray(1, signedBytes(m.signed().encoded(), m.signed().signature()));
    cos.flush();
    assertThatThrownBy(() -> codec.decode(out.toByteArray()))
        .hasMessageContaining("not canonically encoded");
  }

  @Test
  void rejectsPayloadWithExplicitDefaultField() throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final CodedOutputStream cos = CodedOutputStream.newInstance(out);
    cos.writeUInt32(1, MessageType.PREPARE.wire());
    cos.writeUInt64(2, 100);
    cos.writeUInt32(3, 1);
    cos.writeUInt32(4, 1);
    cos.writeUInt32(5, 2);
    cos.writeByteArray(6, v.digest().toArray());
    cos.writeUInt32(7, 0); // explicit zero: not canonical
    cos.flush();
    assertThatThrownBy(() -> codec.decode(wire(out.toByteArray(), new byte[] {1})))
        .hasMessageContaining("payload not canonical");
  }

  @Test
  void rejectsNonMinimalVarint() {
    final byte[] payload = Payload.of(MessageType.PREPARE, ID, 1, 2, v.digest()).encode();
    // round = 1 written as the two-byte varint 0x81 0x00
    final byte[] padded = new byte[payload.length + 1];
    int j = 0;
    for (int i = 0; i < payload.length; i++) {
      padded[j++] = payload[i];
      if (payload[i] == 0x20 && i + 1 < payload.length && payload[i + 1] == 1) {
        padded[j++] = (byte) 0x81;
        padded[j++] = 0;
        i++;
      }
    }
    assertThatThrownBy(() -> codec.decode(wire(padded, new byte[] {1})))
        .hasMessageContaining("not canonical");
  }

  @Test
  void rejectsUnknownMessageType() {
    final byte[] payload = Payload.of(MessageType.PREPARE, ID, 1, 2, v.digest()).encode();
    payload[1] = 9;
    assertThatThrownBy(() -> codec.decode(wire(payload, new byte[] {1})))
        .hasMessageContaining("unknown message type 9");
  }

  @Test
  void rejectsDigestOfWrongLength() throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final CodedOutputStream cos = CodedOutputStream.newInstance(out);
    cos.writeUInt32(1, MessageType.PREPARE.wire());
    cos.writeUInt32(4, 1);
    cos.writeUInt32(5, 2);
    cos.writeByteArray(6, new byte[31]);
    cos.flush();
    assertThatThrownBy(() -> codec.decode(wire(out.toByteArray(), new byte[] {1})))
        .hasMessageContaining("digest must be 32 bytes");
  }

  @Test
  void rejectsRoundZeroAndMissingSignature() throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final CodedOutputStream cos = CodedOutputStream.newInstance(out);
    cos.writeUInt32(1, MessageType.PREPARE.wire());
    cos.writeUInt32(5, 2);
    cos.writeByteArray(6, v.digest().toArray());
    cos.flush();
    assertThatThrownBy(() -> codec.decode(wire(out.toByteArray(), new byte[] {1})))
        .hasMessageContaining("round must be >= 1");
    final byte[] payload = Payload.of(MessageType.PREPARE, ID, 1, 2, v.digest()).encode();
    assertThatThrownBy(() -> codec.decode(wire(payload, new byte[0])))
        .hasMessageContaining("lacks payload or signature");
  }

  @Test
  void rejectsRoundChangeWithPreparedRoundNotBelowItsRound() {
    assertThatThrownBy(() -> Payload.roundChange(ID, 2, 1, 2, v.digest()))
        .hasMessageContaining("prepared round must be in [0, round)");
  }

  @Test
  void truncationsAreRejectedUnlessTheyEndOnAFieldBoundary() throws Exception {
    final QbftMessage full = proposalRound2();
    final byte[] valid = codec.encode(full);
    int accepted = 0;
    for (int len = 0; len < valid.length; len++) {
      final byte[] cut = Arrays.copyOf(valid, len);
      try {
        final QbftMessage m = codec.decode(cut);
        // a cut between repeated entries is itself a canonical message with fewer entries
        assertThat(codec.encode(m)).isEqualTo(cut);
        assertThat(m.prepares().size()).isLessThan(full.prepares().size());
        accepted++;
      } catch (WireFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(accepted)
        .isLessThanOrEqualTo(2 + full.roundChanges().size() + full.prepares().size());
  }

  @Test
  void bitFlipsNeverEscapeAsOtherExceptions() {
    final byte[] valid = codec.encode(proposalRound2());
    for (int bit = 0; bit < valid.length * 8; bit++) {
      final byte[] flipped = valid.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      try {
        final QbftMessage m = codec.decode(flipped);
        assertThat(codec.encode(m)).isEqualTo(flipped);
      } catch (WireFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  private static byte[] signedBytes(final byte[] payload, final byte[] signature)
      throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final CodedOutputStream cos = CodedOutputStream.newInstance(out);
    cos.writeByteArray(1, payload);
    cos.writeByteArray(2, signature);
    cos.flush();
    return out.toByteArray();
  }

  private static byte[] wire(final byte[] payload, final byte[] signature) {
    try {
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      final CodedOutputStream cos = CodedOutputStream.newInstance(out);
      if (signature.length == 0) {
        final ByteArrayOutputStream inner = new ByteArrayOutputStream();
        final CodedOutputStream ic = CodedOutputStream.newInstance(inner);
        ic.writeByteArray(1, payload);
        ic.flush();
        cos.writeByteArray(1, inner.toByteArray());
      } else {
        cos.writeByteArray(1, signedBytes(payload, signature));
      }
      cos.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
