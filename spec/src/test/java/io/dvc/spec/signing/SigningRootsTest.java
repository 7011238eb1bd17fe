package io.dvc.spec.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.common.testing.TestVectors;
import io.dvc.spec.Blinding;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bits;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.Json;
import io.dvc.spec.ssz.Ssz;
import io.dvc.spec.types.AggregateAndProof;
import io.dvc.spec.types.AttestationData;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.BlsToExecutionChange;
import io.dvc.spec.types.Checkpoint;
import io.dvc.spec.types.ContributionAndProof;
import io.dvc.spec.types.ElectraAttestation;
import io.dvc.spec.types.Phase0Attestation;
import io.dvc.spec.types.SyncAggregatorSelectionData;
import io.dvc.spec.types.SyncCommitteeContribution;
import io.dvc.spec.types.ValidatorRegistrationV1;
import io.dvc.spec.types.VoluntaryExit;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SigningRootsTest {
  private static final Bytes GVR =
      Bytes.fromHex("0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95");
  private static final long ELECTRA_EPOCH = 364032;
  private final ForkSchedule schedule = BeaconApiFixtures.mainnet();
  private final SigningRoots roots = new SigningRoots(schedule);

  private static Bytes domain(final Bytes type, final String version, final Bytes gvr) {
    return Signing.computeDomain(type, Bytes.fromHex(version), gvr);
  }

  private static AttestationData data(final long slot, final long targetEpoch) {
    return new AttestationData(
        slot,
        0,
        Bytes.fromHex("0x" + "11".repeat(32)),
        new Checkpoint(targetEpoch - 1, Bytes.fromHex("0x" + "22".repeat(32))),
        new Checkpoint(targetEpoch, Bytes.fromHex("0x" + "33".repeat(32))));
  }

  @Test
  void attestationUsesTheForkOfItsTargetEpoch() {
    final AttestationData deneb = data((ELECTRA_EPOCH - 1) * 32, ELECTRA_EPOCH - 1);
    final AttestationData electra = data(ELECTRA_EPOCH * 32, ELECTRA_EPOCH);
    assertThat(roots.attestation(deneb))
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.attestationData.hashTreeRoot(deneb),
                domain(Domains.DOMAIN_BEACON_ATTESTER, "0x04000000", GVR)));
    assertThat(roots.attestation(electra))
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.attestationData.hashTreeRoot(electra),
                domain(Domains.DOMAIN_BEACON_ATTESTER, "0x05000000", GVR)));
  }

  @Test
  void fullBlindedAndHeaderGiveTheSameBlockSigningRoot() throws IOException {
    final BeaconBlock block = electraBlockVector();
    final BlindedBeaconBlock blinded = new Blinding(Schemas.MAINNET).blind(block);
    final ForkSchedule electraFromGenesis = electraFromGenesis();
    final SigningRoots electraRoots = new SigningRoots(electraFromGenesis);
    assertThat(
            Schemas.MAINNET
                .at(ForkName.ELECTRA)
                .blindedBeaconBlock()
                .orElseThrow()
                .hashTreeRoot(blinded))
        .isEqualTo(Schemas.MAINNET.at(ForkName.ELECTRA).beaconBlock().hashTreeRoot(block));
    final Bytes full = electraRoots.block(block);
    assertThat(electraRoots.block(blinded)).isEqualTo(full);
    assertThat(electraRoots.block(electraRoots.header(block))).isEqualTo(full);
    assertThat(full)
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.at(ForkName.ELECTRA).beaconBlock().hashTreeRoot(block),
                electraFromGenesis.domain(
                    Domains.DOMAIN_BEACON_PROPOSER, electraFromGenesis.epochOfSlot(block.slot()))));
  }

  @Test
  void blockWhoseBodyIsNotTheSlotsForkIsRefused() throws IOException {
    final BeaconBlock electraBodyAtDenebSlot = electraBlockVector();
    assertThatThrownBy(() -> roots.block(electraBodyAtDenebSlot))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is phase0 but its body is a BeaconBlockBodyElectra");
  }

  @Test
  void voluntaryExitUsesTheCapellaVersionFromDenebOn() {
    final VoluntaryExit exit = new VoluntaryExit(ELECTRA_EPOCH + 5, 42);
    final Bytes capellaDomain = domain(Domains.DOMAIN_VOLUNTARY_EXIT, "0x03000000", GVR);
    assertThat(roots.voluntaryExit(exit, ELECTRA_EPOCH + 5))
        .isEqualTo(Signing.computeSigningRoot(Schemas.MAINNET.voluntaryExit, exit, capellaDomain));
    final VoluntaryExit old = new VoluntaryExit(100000, 42);
    assertThat(roots.voluntaryExit(old, 100001))
        .as("before Deneb: fork version at the exit epoch (Altair)")
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.voluntaryExit,
                old,
                domain(Domains.DOMAIN_VOLUNTARY_EXIT, "0x01000000", GVR)));
    assertThat(roots.voluntaryExit(old, ELECTRA_EPOCH))
        .as("verified after Deneb: Capella version")
        .isEqualTo(Signing.computeSigningRoot(Schemas.MAINNET.voluntaryExit, old, capellaDomain));
  }

  @Test
  void registrationUsesGenesisVersionAndZeroRoot() {
    final ValidatorRegistrationV1 registration =
        new ValidatorRegistrationV1(
            Bytes.fromHex("0x" + "ab".repeat(20)), 30_000_000, 1_700_000_000, Bytes.zero(48));
    assertThat(roots.validatorRegistration(registration))
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.validatorRegistrationV1,
                registration,
                Bytes.fromHex(
                    "0x00000001f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9")));
  }

  @Test
  void blsToExecutionChangeUsesGenesisVersionAndTheChainRoot() {
    final BlsToExecutionChange change =
        new BlsToExecutionChange(9, Bytes.fromHex("0x" + "cd".repeat(48)), Bytes.zero(20));
    assertThat(roots.blsToExecutionChange(change))
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.blsToExecutionChange,
                change,
                domain(Domains.DOMAIN_BLS_TO_EXECUTION_CHANGE, "0x00000000", GVR)));
  }

  @Test
  void syncSelectionProofAndContributionUseTheirDomains() {
    final long slot = ELECTRA_EPOCH * 32 + 1;
    final SyncAggregatorSelectionData selection = new SyncAggregatorSelectionData(slot, 2);
    assertThat(roots.syncSelectionProof(selection))
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.syncAggregatorSelectionData,
                selection,
                domain(Domains.DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF, "0x05000000", GVR)));
    final ContributionAndProof contribution =
        new ContributionAndProof(
            4,
            new SyncCommitteeContribution(slot, Bytes.zero(32), 2, Bits.of(128, 5), Bytes.zero(96)),
            Bytes.zero(96));
    assertThat(roots.contributionAndProof(contribution))
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.contributionAndProof,
                contribution,
                domain(Domains.DOMAIN_CONTRIBUTION_AND_PROOF, "0x05000000", GVR)));
  }

  @Test
  void randaoAndSelectionProofSignTheEpochAndSlot() {
    final long epoch = ELECTRA_EPOCH + 1;
    assertThat(roots.randaoReveal(epoch))
        .isEqualTo(
            Signing.computeSigningRoot(
                Ssz.UINT64, epoch, domain(Domains.DOMAIN_RANDAO, "0x05000000", GVR)));
    assertThat(roots.selectionProof(epoch * 32 + 3))
        .isEqualTo(
            Signing.computeSigningRoot(
                Ssz.UINT64,
                epoch * 32 + 3,
                domain(Domains.DOMAIN_SELECTION_PROOF, "0x05000000", GVR)));
    assertThat(roots.randaoReveal(epoch)).isNotEqualTo(roots.selectionProof(epoch * 32));
  }

  @Test
  void aggregateAndProofUsesTheFormOfItsFork() {
    final long denebSlot = (ELECTRA_EPOCH - 1) * 32;
    final AggregateAndProof phase0Form =
        new AggregateAndProof(
            7,
            new Phase0Attestation(
                Bits.of(4, 1), data(denebSlot, ELECTRA_EPOCH - 1), Bytes.zero(96)),
            Bytes.zero(96));
    assertThat(roots.aggregateAndProof(phase0Form))
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.phase0AggregateAndProof,
                phase0Form,
                domain(Domains.DOMAIN_AGGREGATE_AND_PROOF, "0x04000000", GVR)));
    final long electraSlot = ELECTRA_EPOCH * 32;
    final AggregateAndProof electraForm =
        new AggregateAndProof(
            7,
            new ElectraAttestation(
                Bits.of(4, 1), data(electraSlot, ELECTRA_EPOCH), Bytes.zero(96), Bits.of(64, 3)),
            Bytes.zero(96));
    assertThat(roots.aggregateAndProof(electraForm))
        .isEqualTo(
            Signing.computeSigningRoot(
                Schemas.MAINNET.electraAggregateAndProof,
                electraForm,
                domain(Domains.DOMAIN_AGGREGATE_AND_PROOF, "0x05000000", GVR)));
  }

  @Test
  void syncCommitteeMessageSignsTheBlockRoot() {
    final Bytes root = Bytes.fromHex("0x" + "44".repeat(32));
    final long slot = ELECTRA_EPOCH * 32;
    assertThat(roots.syncCommitteeMessage(slot, root))
        .isEqualTo(
            Signing.computeSigningRoot(
                root, domain(Domains.DOMAIN_SYNC_COMMITTEE, "0x05000000", GVR)));
  }

  private static ForkSchedule electraFromGenesis() {
    final var spec =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            BeaconApiFixtures.json("mainnet-config-spec.json").get("data");
    for (final String fork : new String[] {"ALTAIR", "BELLATRIX", "CAPELLA", "DENEB", "ELECTRA"}) {
      spec.put(fork + "_FORK_EPOCH", "0");
    }
    return ForkSchedule.fromBeaconApi(spec, BeaconApiFixtures.json("mainnet-genesis.json"));
  }

  private static BeaconBlock electraBlockVector() throws IOException {
    final var file = TestVectors.folder("ssz").resolve("electra/BeaconBlock/case_3.json");
    final var value = Json.parse(Files.readString(file)).get("value");
    final BeaconBlock parsed = Schemas.MAINNET.at(ForkName.ELECTRA).beaconBlock().fromJson(value);
    // keep the slot small so that the schedule puts it in Electra whatever the vector's slot
    return new BeaconBlock(
        parsed.slot() & 0xffff,
        parsed.proposerIndex(),
        parsed.parentRoot(),
        parsed.stateRoot(),
        parsed.body());
  }
}
