package io.dvc.spec.signing;

import io.dvc.spec.ssz.Bytes;

/**
 * The DomainType constants of the consensus specs (phase0, altair, capella) and the builder API.
 */
public final class Domains {
  public static final Bytes DOMAIN_BEACON_PROPOSER = Bytes.fromHex("0x00000000");
  public static final Bytes DOMAIN_BEACON_ATTESTER = Bytes.fromHex("0x01000000");
  public static final Bytes DOMAIN_RANDAO = Bytes.fromHex("0x02000000");
  public static final Bytes DOMAIN_DEPOSIT = Bytes.fromHex("0x03000000");
  public static final Bytes DOMAIN_VOLUNTARY_EXIT = Bytes.fromHex("0x04000000");
  public static final Bytes DOMAIN_SELECTION_PROOF = Bytes.fromHex("0x05000000");
  public static final Bytes DOMAIN_AGGREGATE_AND_PROOF = Bytes.fromHex("0x06000000");
  public static final Bytes DOMAIN_SYNC_COMMITTEE = Bytes.fromHex("0x07000000");
  public static final Bytes DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF = Bytes.fromHex("0x08000000");
  public static final Bytes DOMAIN_CONTRIBUTION_AND_PROOF = Bytes.fromHex("0x09000000");
  public static final Bytes DOMAIN_BLS_TO_EXECUTION_CHANGE = Bytes.fromHex("0x0a000000");

  /** DOMAIN_APPLICATION_MASK: domains outside the beacon chain have this bit set. */
  public static final Bytes DOMAIN_APPLICATION_MASK = Bytes.fromHex("0x00000001");

  /** DOMAIN_APPLICATION_BUILDER (builder-specs): validator registrations. */
  public static final Bytes DOMAIN_APPLICATION_BUILDER = Bytes.fromHex("0x00000001");

  private Domains() {}
}
