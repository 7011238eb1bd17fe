package io.dvc.node.beacon.api;

import static io.dvc.spec.ssz.Ssz.BOOLEAN;
import static io.dvc.spec.ssz.Ssz.BYTES20;
import static io.dvc.spec.ssz.Ssz.BYTES32;
import static io.dvc.spec.ssz.Ssz.BYTES4;
import static io.dvc.spec.ssz.Ssz.BYTES48;
import static io.dvc.spec.ssz.Ssz.UINT64;

import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.ssz.Ssz;

/**
 * The Beacon-API JSON shapes of this package's records, declared once with the spec module's
 * machinery (snake_case names, uint64 as decimal strings, byte lengths checked when read).
 */
final class ApiTypes {
  private ApiTypes() {}

  static final ContainerType<Genesis> GENESIS =
      ContainerType.of("Genesis", Genesis.class, UINT64, BYTES32, BYTES4);

  static final ContainerType<AttesterDuty> ATTESTER_DUTY =
      ContainerType.of(
          "AttesterDuty",
          AttesterDuty.class,
          BYTES48,
          UINT64,
          UINT64,
          UINT64,
          UINT64,
          UINT64,
          UINT64);

  static final ContainerType<ProposerDuty> PROPOSER_DUTY =
      ContainerType.of("ProposerDuty", ProposerDuty.class, BYTES48, UINT64, UINT64);

  /** At most 512 (SYNC_COMMITTEE_SIZE on mainnet) positions per validator. */
  static final ContainerType<SyncDuty> SYNC_DUTY =
      ContainerType.of("SyncDuty", SyncDuty.class, BYTES48, UINT64, Ssz.list(UINT64, 512));

  static final ContainerType<BeaconCommitteeSubscription> COMMITTEE_SUBSCRIPTION =
      ContainerType.of(
          "BeaconCommitteeSubscription",
          BeaconCommitteeSubscription.class,
          UINT64,
          UINT64,
          UINT64,
          UINT64,
          BOOLEAN);

  static final ContainerType<SyncCommitteeSubscription> SYNC_COMMITTEE_SUBSCRIPTION =
      ContainerType.of(
          "SyncCommitteeSubscription",
          SyncCommitteeSubscription.class,
          UINT64,
          Ssz.list(UINT64, 512),
          UINT64);

  static final ContainerType<ProposerPreparation> PROPOSER_PREPARATION =
      ContainerType.of("ProposerPreparation", ProposerPreparation.class, UINT64, BYTES20);
}
