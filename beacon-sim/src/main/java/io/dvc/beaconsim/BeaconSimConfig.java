package io.dvc.beaconsim;

import io.dvc.bls.BlsPublicKey;
import io.dvc.common.time.TimeProvider;
import io.dvc.spec.ForkName;
import io.dvc.spec.Preset;
import io.dvc.spec.ssz.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * How a simulated beacon node is set up.
 *
 * @param port TCP port on 127.0.0.1 (0 = any free port)
 * @param clusterValidators the cluster's distributed validator keys, given indices 0..k-1
 * @param extraValidators simulated other validators (random keys from {@code seed}) after them
 * @param secondsPerSlot SECONDS_PER_SLOT
 * @param preset mainnet or minimal
 * @param fork the latest fork; it and every earlier fork activate at epoch 0
 * @param genesisDelaySeconds genesis time = start time + this delay
 * @param genesisForkVersion GENESIS_FORK_VERSION; later versions are derived ({@link ForkVersions})
 * @param seed drives the extra validators' keys (the chain itself is a function of the config)
 * @param time the wall clock (tests inject a fake one)
 * @param blobsPerBlock blobs in every block the simulator produces from Deneb on (fake bytes and
 *     fake KZG commitments and proofs: nothing verifies KZG here); at most the fork's
 *     MAX_BLOBS_PER_BLOCK (6 Deneb, 9 Electra, 21 Fulu as mainnet's blob schedule)
 * @param builder whether a (fake) external builder is connected: block production may then return a
 *     blinded block (builder_boost_factor rule) that the simulator unblinds on publish
 */
public record BeaconSimConfig(
    int port,
    List<BlsPublicKey> clusterValidators,
    int extraValidators,
    long secondsPerSlot,
    Preset preset,
    ForkName fork,
    long genesisDelaySeconds,
    Bytes genesisForkVersion,
    long seed,
    TimeProvider time,
    int blobsPerBlock,
    boolean builder) {

  public static final Bytes DEFAULT_GENESIS_FORK_VERSION = Bytes.fromHex("0x10000910");

  public BeaconSimConfig {
    clusterValidators = List.copyOf(clusterValidators);
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(fork, "fork");
    Objects.requireNonNull(time, "time");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (extraValidators < 0) {
      throw new IllegalArgumentException("extra validators must be >= 0, got " + extraValidators);
    }
    if (secondsPerSlot <= 0) {
      throw new IllegalArgumentException("seconds per slot must be > 0, got " + secondsPerSlot);
    }
    if (genesisDelaySeconds < 0) {
      throw new IllegalArgumentException("genesis delay must be >= 0, got " + genesisDelaySeconds);
    }
    if (!fork.isAtLeast(ForkName.CAPELLA)) {
      throw new IllegalArgumentException(
          "fork must be capella, deneb, electra or fulu, got " + fork.jsonName());
    }
    if (genesisForkVersion == null || genesisForkVersion.size() != 4) {
      throw new IllegalArgumentException("the genesis fork version must have 4 bytes");
    }
    if (blobsPerBlock < 0 || blobsPerBlock > maxBlobsPerBlock(fork)) {
      throw new IllegalArgumentException(
          "blobs per block must be 0.."
              + maxBlobsPerBlock(fork)
              + " at "
              + fork.jsonName()
              + ", got "
              + blobsPerBlock);
    }
  }

  /** Without blobs and without a builder (the settings before block production existed). */
  public BeaconSimConfig(
      final int port,
      final List<BlsPublicKey> clusterValidators,
      final int extraValidators,
      final long secondsPerSlot,
      final Preset preset,
      final ForkName fork,
      final long genesisDelaySeconds,
      final Bytes genesisForkVersion,
      final long seed,
      final TimeProvider time) {
    this(
        port,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        preset,
        fork,
        genesisDelaySeconds,
        genesisForkVersion,
        seed,
        time,
        0,
        false);
  }

  /** MAX_BLOBS_PER_BLOCK of a fork (Fulu: the latest mainnet blob schedule entry, 21). */
  public static int maxBlobsPerBlock(final ForkName fork) {
    if (fork.isAtLeast(ForkName.FULU)) {
      return 21;
    }
    if (fork.isAtLeast(ForkName.ELECTRA)) {
      return 9;
    }
    return fork.isAtLeast(ForkName.DENEB) ? 6 : 0;
  }

  /** Defaults: any port, no extra validators, 12 s slots, mainnet preset, electra, no delay. */
  public static BeaconSimConfig of(final List<BlsPublicKey> clusterValidators) {
    return new BeaconSimConfig(
        0,
        clusterValidators,
        0,
        12,
        Preset.MAINNET,
        ForkName.ELECTRA,
        0,
        DEFAULT_GENESIS_FORK_VERSION,
        1,
        TimeProvider.SYSTEM,
        0,
        false);
  }

  public BeaconSimConfig withPort(final int value) {
    return new BeaconSimConfig(
        value,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        preset,
        fork,
        genesisDelaySeconds,
        genesisForkVersion,
        seed,
        time,
        blobsPerBlock,
        builder);
  }

  public BeaconSimConfig withExtraValidators(final int value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        value,
        secondsPerSlot,
        preset,
        fork,
        genesisDelaySeconds,
        genesisForkVersion,
        seed,
        time,
        blobsPerBlock,
        builder);
  }

  public BeaconSimConfig withSecondsPerSlot(final long value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        extraValidators,
        value,
        preset,
        fork,
        genesisDelaySeconds,
        genesisForkVersion,
        seed,
        time,
        blobsPerBlock,
        builder);
  }

  public BeaconSimConfig withPreset(final Preset value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        value,
        fork,
        genesisDelaySeconds,
        genesisForkVersion,
        seed,
        time,
        blobsPerBlock,
        builder);
  }

  public BeaconSimConfig withFork(final ForkName value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        preset,
        value,
        genesisDelaySeconds,
        genesisForkVersion,
        seed,
        time,
        blobsPerBlock,
        builder);
  }

  public BeaconSimConfig withGenesisDelaySeconds(final long value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        preset,
        fork,
        value,
        genesisForkVersion,
        seed,
        time,
        blobsPerBlock,
        builder);
  }

  public BeaconSimConfig withGenesisForkVersion(final Bytes value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        preset,
        fork,
        genesisDelaySeconds,
        value,
        seed,
        time,
        blobsPerBlock,
        builder);
  }

  public BeaconSimConfig withSeed(final long value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        preset,
        fork,
        genesisDelaySeconds,
        genesisForkVersion,
        value,
        time,
        blobsPerBlock,
        builder);
  }

  public BeaconSimConfig withTime(final TimeProvider value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        preset,
        fork,
        genesisDelaySeconds,
        genesisForkVersion,
        seed,
        value,
        blobsPerBlock,
        builder);
  }

  public BeaconSimConfig withBlobsPerBlock(final int value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        preset,
        fork,
        genesisDelaySeconds,
        genesisForkVersion,
        seed,
        time,
        value,
        builder);
  }

  public BeaconSimConfig withBuilder(final boolean value) {
    return new BeaconSimConfig(
        port,
        clusterValidators,
        extraValidators,
        secondsPerSlot,
        preset,
        fork,
        genesisDelaySeconds,
        genesisForkVersion,
        seed,
        time,
        blobsPerBlock,
        value);
  }
}
