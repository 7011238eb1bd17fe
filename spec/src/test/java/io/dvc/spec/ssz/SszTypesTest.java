package io.dvc.spec.ssz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.bytes.Hex;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.Checkpoint;
import io.dvc.spec.types.ValidatorRegistrationV1;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class SszTypesTest {
  private static final Schemas S = Schemas.MAINNET;

  @Test
  void uint64JsonCoversTheFullUnsignedRange() {
    assertThat(Ssz.UINT64.fromJson(Json.parse("\"18446744073709551615\""))).isEqualTo(-1L);
    assertThat(Ssz.UINT64.toJson(-1L).textValue()).isEqualTo("18446744073709551615");
    assertThatThrownBy(() -> Ssz.UINT64.fromJson(Json.parse("\"18446744073709551616\"")))
        .isInstanceOf(SszException.class)
        .hasMessageContaining("does not fit uint64");
    assertThatThrownBy(() -> Ssz.UINT64.fromJson(Json.parse("\"-1\"")))
        .hasMessageContaining("is not a decimal uint64");
    assertThatThrownBy(() -> Ssz.UINT64.fromJson(Json.parse("\"0x10\"")))
        .hasMessageContaining("is not a decimal uint64");
  }

  @Test
  void smallUintsRejectValuesThatDoNotFit() {
    assertThatThrownBy(() -> Ssz.UINT8.fromJson(Json.parse("\"256\"")))
        .hasMessageContaining("does not fit uint8");
    assertThat(Ssz.UINT32.serialize(0x01020304L)).containsExactly(4, 3, 2, 1);
  }

  @Test
  void uint256IsLittleEndian() {
    final byte[] ssz = Ssz.UINT256.serialize(BigInteger.valueOf(0x0102));
    assertThat(ssz).hasSize(32);
    assertThat(ssz[0]).isEqualTo((byte) 2);
    assertThat(ssz[1]).isEqualTo((byte) 1);
    assertThat(Ssz.UINT256.deserialize(ssz)).isEqualTo(BigInteger.valueOf(0x0102));
    assertThatThrownBy(() -> Ssz.UINT256.serialize(BigInteger.ONE.shiftLeft(256)))
        .hasMessageContaining("does not fit uint256");
  }

  @Test
  void hexInputAcceptsAnyCaseAndOutputIsLowerCase() {
    final ValidatorRegistrationV1 registration =
        S.validatorRegistrationV1.fromJson(
            Json.parse(
                "{\"fee_recipient\":\"0xAbCdEf0123456789aBcDeF0123456789ABCDEF01\","
                    + "\"gas_limit\":\"30000000\",\"timestamp\":\"1\",\"pubkey\":\"0x"
                    + "AB".repeat(48)
                    + "\"}"));
    assertThat(S.validatorRegistrationV1.toJson(registration).get("fee_recipient").textValue())
        .isEqualTo("0xabcdef0123456789abcdef0123456789abcdef01");
  }

  @Test
  void jsonErrorsNameTheFieldPath() {
    final String json =
        "{\"slot\":\"1\",\"index\":\"0\",\"beacon_block_root\":\"0x"
            + "00".repeat(32)
            + "\",\"source\":{\"epoch\":\"x\",\"root\":\"0x"
            + "00".repeat(32)
            + "\"},\"target\":{\"epoch\":\"1\",\"root\":\"0x00\"}}";
    assertThatThrownBy(() -> S.attestationData.fromJson(Json.parse(json)))
        .isInstanceOf(SszException.class)
        .hasMessage("source.epoch: \"x\" is not a decimal uint64");
    final String missing = "{\"slot\":\"1\"}";
    assertThatThrownBy(() -> S.attestationData.fromJson(Json.parse(missing)))
        .hasMessage("index: missing field");
  }

  @Test
  void listErrorsNameTheElement() {
    final var type = Ssz.list(S.checkpoint, 4);
    final String json =
        "[{\"epoch\":\"1\",\"root\":\"0x" + "00".repeat(32) + "\"},{\"epoch\":\"1\"}]";
    assertThatThrownBy(() -> type.fromJson(Json.parse(json))).hasMessage("[1].root: missing field");
  }

  @Test
  void bitlistIncludesTheDelimiterBit() {
    final BitlistType type = Ssz.bitlist(2048);
    final Bits bits = Bits.of(5, 0, 4);
    assertThat(type.serialize(bits)).containsExactly(0b0011_0001);
    assertThat(type.toJson(bits).textValue()).isEqualTo("0x31");
    assertThat(type.deserialize(new byte[] {0b0011_0001})).isEqualTo(bits);
    assertThat(type.serialize(Bits.zero(8))).containsExactly(0, 1);
    assertThatThrownBy(() -> type.deserialize(new byte[] {1, 0}))
        .hasMessageContaining("no delimiter bit");
    assertThatThrownBy(() -> Ssz.bitlist(4).deserialize(new byte[] {0b0010_0000}))
        .hasMessageContaining("5 bits exceed Bitlist[4]");
  }

  @Test
  void bitvectorRejectsBitsBeyondItsLength() {
    assertThatThrownBy(() -> Ssz.bitvector(4).deserialize(new byte[] {0x10}))
        .hasMessageContaining("bits set beyond length 4");
  }

  @Test
  void booleanAcceptsOnlyZeroAndOne() {
    assertThatThrownBy(() -> Ssz.BOOLEAN.deserialize(new byte[] {2}))
        .hasMessageContaining("not 0 or 1");
  }

  @Test
  void containerRejectsWrongLengthsAndBadOffsets() {
    assertThatThrownBy(() -> S.attestationData.deserialize(new byte[127]))
        .hasMessage("AttestationData needs 128 bytes but got 127");
    final var ssz = S.at(ForkName.PHASE0).attestation().serialize(phase0Attestation());
    final byte[] badOffset = ssz.clone();
    badOffset[0] = (byte) 0xff;
    assertThatThrownBy(() -> S.at(ForkName.PHASE0).attestation().deserialize(badOffset))
        .isInstanceOf(SszException.class)
        .hasMessageContaining("offset");
  }

  @Test
  void listLimitsAreEnforcedBothWays() {
    final var type = Ssz.list(Ssz.UINT64, 2);
    assertThatThrownBy(() -> type.serialize(List.of(1L, 2L, 3L))).hasMessageContaining("exceed");
    assertThatThrownBy(() -> type.deserialize(new byte[24])).hasMessageContaining("3 elements");
  }

  @Test
  void hashTreeRootOfEmptyListIsTheZeroHashMixedWithLength() {
    // List[uint64, 4] fits one chunk: root = hash(zero chunk || uint256(0))
    final byte[] expected = Merkleizer.hash(new byte[32], new byte[32]);
    assertThat(Ssz.list(Ssz.UINT64, 4).hashTreeRoot(List.of()).toArray()).isEqualTo(expected);
  }

  @Test
  void checkpointRootIsTheMerkleRootOfItsTwoFields() {
    final Checkpoint checkpoint = new Checkpoint(3, Bytes.fromHex("0x" + "aa".repeat(32)));
    final byte[] epochChunk = new byte[32];
    epochChunk[0] = 3;
    assertThat(S.checkpoint.hashTreeRoot(checkpoint).toArray())
        .isEqualTo(Merkleizer.hash(epochChunk, Hex.decode("aa".repeat(32))));
  }

  @Test
  void recordsWithWrongSizedBytesAreRejectedOnSerialize() {
    final AttestationData bad =
        new AttestationData(
            1,
            0,
            Bytes.zero(31),
            new Checkpoint(0, Bytes.zero(32)),
            new Checkpoint(0, Bytes.zero(32)));
    assertThatThrownBy(() -> S.attestationData.serialize(bad))
        .hasMessage("beacon_block_root: ByteVector[32] needs 32 bytes but got 31");
  }

  @Test
  void anotherForksFormIsRejectedWithItsName() {
    final io.dvc.spec.types.AggregateAndProof phase0Form =
        new io.dvc.spec.types.AggregateAndProof(1, phase0Attestation(), Bytes.zero(96));
    assertThatThrownBy(() -> S.electraAggregateAndProof.hashTreeRoot(phase0Form))
        .isInstanceOf(SszException.class)
        .hasMessage(
            "aggregate: Attestation here must be ElectraAttestation, got Phase0Attestation");
  }

  @Test
  void snakeCaseNamesFollowTheSpec() {
    assertThat(ContainerType.snakeCase("beaconBlockRoot")).isEqualTo("beacon_block_root");
    assertThat(ContainerType.snakeCase("eth1Data")).isEqualTo("eth1_data");
    assertThat(ContainerType.snakeCase("signedHeader1")).isEqualTo("signed_header_1");
    assertThat(S.proposerSlashing.fieldNames())
        .containsExactly("signed_header_1", "signed_header_2");
  }

  private static io.dvc.spec.types.Phase0Attestation phase0Attestation() {
    return new io.dvc.spec.types.Phase0Attestation(
        Bits.of(10, 3),
        new AttestationData(
            1,
            2,
            Bytes.zero(32),
            new Checkpoint(0, Bytes.zero(32)),
            new Checkpoint(0, Bytes.zero(32))),
        Bytes.zero(96));
  }
}
