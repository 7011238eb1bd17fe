package io.dvc.spec.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.spec.ssz.Bytes;
import org.junit.jupiter.api.Test;

class SigningTest {

  @Test
  void mainnetDepositDomainIsTheWellKnownValue() {
    // compute_domain(DOMAIN_DEPOSIT, 0x00000000, zero root): the mainnet deposit domain
    assertThat(
            Signing.computeDomain(
                Domains.DOMAIN_DEPOSIT, Bytes.fromHex("0x00000000"), Signing.ZERO_ROOT))
        .isEqualTo(
            Bytes.fromHex("0x03000000f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9"));
  }

  @Test
  void mainnetBuilderDomainUsesTheApplicationMask() {
    assertThat(
            Signing.computeDomain(
                Domains.DOMAIN_APPLICATION_BUILDER, Bytes.fromHex("0x00000000"), Signing.ZERO_ROOT))
        .isEqualTo(
            Bytes.fromHex("0x00000001f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9"));
  }

  @Test
  void domainEndsWithTheFirst28BytesOfTheForkDataRoot() {
    final Bytes version = Bytes.fromHex("0x05000000");
    final Bytes gvr =
        Bytes.fromHex("0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95");
    final byte[] domain =
        Signing.computeDomain(Domains.DOMAIN_BEACON_ATTESTER, version, gvr).toArray();
    final byte[] forkDataRoot = Signing.computeForkDataRoot(version, gvr).toArray();
    assertThat(java.util.Arrays.copyOfRange(domain, 0, 4)).containsExactly(1, 0, 0, 0);
    assertThat(java.util.Arrays.copyOfRange(domain, 4, 32))
        .containsExactly(java.util.Arrays.copyOfRange(forkDataRoot, 0, 28));
  }

  @Test
  void allDomainTypesHaveTheirSpecValues() {
    assertThat(Domains.DOMAIN_BEACON_PROPOSER.toHex()).isEqualTo("0x00000000");
    assertThat(Domains.DOMAIN_BEACON_ATTESTER.toHex()).isEqualTo("0x01000000");
    assertThat(Domains.DOMAIN_RANDAO.toHex()).isEqualTo("0x02000000");
    assertThat(Domains.DOMAIN_DEPOSIT.toHex()).isEqualTo("0x03000000");
    assertThat(Domains.DOMAIN_VOLUNTARY_EXIT.toHex()).isEqualTo("0x04000000");
    assertThat(Domains.DOMAIN_SELECTION_PROOF.toHex()).isEqualTo("0x05000000");
    assertThat(Domains.DOMAIN_AGGREGATE_AND_PROOF.toHex()).isEqualTo("0x06000000");
    assertThat(Domains.DOMAIN_SYNC_COMMITTEE.toHex()).isEqualTo("0x07000000");
    assertThat(Domains.DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF.toHex()).isEqualTo("0x08000000");
    assertThat(Domains.DOMAIN_CONTRIBUTION_AND_PROOF.toHex()).isEqualTo("0x09000000");
    assertThat(Domains.DOMAIN_APPLICATION_MASK.toHex()).isEqualTo("0x00000001");
  }
}
