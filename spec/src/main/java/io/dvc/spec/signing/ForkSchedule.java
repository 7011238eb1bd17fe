package io.dvc.spec.signing;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.common.time.SlotClock;
import io.dvc.common.time.TimeProvider;
import io.dvc.spec.ForkName;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.Preset;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.Fork;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The forks of one chain: versions and activation epochs (unscheduled forks have epoch
 * FAR_FUTURE_EPOCH = 2^64-1 and are absent), genesis data, slot timing and preset. Built from a
 * beacon node's {@code /eth/v1/config/spec} and {@code /eth/v1/beacon/genesis}. It answers the fork
 * (and so the version, domain and type shapes) of any epoch.
 */
public final class ForkSchedule {
  /** FAR_FUTURE_EPOCH: an unscheduled fork. */
  public static final long FAR_FUTURE_EPOCH = -1L;

  private final Map<ForkName, Bytes> versions;
  private final Map<ForkName, Long> epochs;
  private final List<ForkName> scheduled;
  private final Bytes genesisValidatorsRoot;
  private final long genesisTime;
  private final long secondsPerSlot;
  private final Preset preset;
  private final Schemas schemas;

  private ForkSchedule(
      final Map<ForkName, Bytes> versions,
      final Map<ForkName, Long> epochs,
      final Bytes genesisValidatorsRoot,
      final long genesisTime,
      final long secondsPerSlot,
      final Preset preset) {
    this.versions = Collections.unmodifiableMap(new EnumMap<>(versions));
    this.epochs = Collections.unmodifiableMap(new EnumMap<>(epochs));
    final List<ForkName> active = new ArrayList<>();
    long previous = 0;
    for (final ForkName fork : ForkName.values()) {
      final long epoch = epochs.getOrDefault(fork, FAR_FUTURE_EPOCH);
      if (epoch == FAR_FUTURE_EPOCH) {
        continue;
      }
      if (Long.compareUnsigned(epoch, previous) < 0) {
        throw new IllegalArgumentException(
            fork.configPrefix() + "_FORK_EPOCH " + epoch + " precedes an earlier fork's epoch");
      }
      if (!versions.containsKey(fork)) {
        throw new IllegalArgumentException("config/spec lacks " + versionKey(fork));
      }
      active.add(fork);
      previous = epoch;
    }
    this.scheduled = List.copyOf(active);
    this.genesisValidatorsRoot = genesisValidatorsRoot;
    this.genesisTime = genesisTime;
    this.secondsPerSlot = secondsPerSlot;
    this.preset = preset;
    this.schemas = Schemas.forPreset(preset);
  }

  /**
   * Builds the schedule from the JSON of {@code /eth/v1/config/spec} and {@code
   * /eth/v1/beacon/genesis} (either the whole responses or their {@code data} objects).
   *
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public static ForkSchedule fromBeaconApi(final JsonNode configSpec, final JsonNode genesis) {
    final JsonNode spec = data(configSpec);
    final JsonNode gen = data(genesis);
    final Map<ForkName, Bytes> versions = new EnumMap<>(ForkName.class);
    final Map<ForkName, Long> epochs = new EnumMap<>(ForkName.class);
    for (final ForkName fork : ForkName.values()) {
      final String versionKey = versionKey(fork);
      if (fork == ForkName.PHASE0) {
        versions.put(fork, version(spec, versionKey));
        epochs.put(fork, 0L);
      } else if (spec.hasNonNull(versionKey)) {
        versions.put(fork, version(spec, versionKey));
        epochs.put(fork, uint64(spec, fork.configPrefix() + "_FORK_EPOCH"));
      }
    }
    final Bytes genesisForkVersion = version(gen, "genesis_fork_version");
    if (!genesisForkVersions(versions, epochs).contains(genesisForkVersion)) {
      throw new IllegalArgumentException(
          "genesis_fork_version "
              + genesisForkVersion
              + " is neither GENESIS_FORK_VERSION nor the version of the fork active at epoch 0");
    }
    final long secondsPerSlot =
        spec.hasNonNull("SECONDS_PER_SLOT")
            ? uint64(spec, "SECONDS_PER_SLOT")
            : uint64(spec, "SLOT_DURATION_MS") / 1000;
    return new ForkSchedule(
        versions,
        epochs,
        root(gen, "genesis_validators_root"),
        uint64(gen, "genesis_time"),
        secondsPerSlot,
        Preset.fromConfigSpec(spec));
  }

  /**
   * The values a beacon node may report as {@code genesis_fork_version}: the config's
   * GENESIS_FORK_VERSION, or the version of the fork in force at epoch 0 (Lodestar 1.5 reports the
   * latter when later forks are scheduled at genesis). Nothing a validator signs depends on which.
   */
  private static List<Bytes> genesisForkVersions(
      final Map<ForkName, Bytes> versions, final Map<ForkName, Long> epochs) {
    ForkName atGenesis = ForkName.PHASE0;
    for (final ForkName fork : ForkName.values()) {
      if (epochs.getOrDefault(fork, FAR_FUTURE_EPOCH) == 0L && versions.containsKey(fork)) {
        atGenesis = fork;
      }
    }
    return List.of(versions.get(ForkName.PHASE0), versions.get(atGenesis));
  }

  /** A schedule from explicit values (tests, simulators). */
  public static ForkSchedule of(
      final Map<ForkName, Bytes> versions,
      final Map<ForkName, Long> epochs,
      final Bytes genesisValidatorsRoot,
      final long genesisTime,
      final long secondsPerSlot,
      final Preset preset) {
    final Map<ForkName, Long> withGenesis = new EnumMap<>(ForkName.class);
    withGenesis.putAll(epochs);
    withGenesis.put(ForkName.PHASE0, 0L);
    return new ForkSchedule(
        versions, withGenesis, genesisValidatorsRoot, genesisTime, secondsPerSlot, preset);
  }

  private static String versionKey(final ForkName fork) {
    return fork == ForkName.PHASE0 ? "GENESIS_FORK_VERSION" : fork.configPrefix() + "_FORK_VERSION";
  }

  private static JsonNode data(final JsonNode response) {
    if (response == null || !response.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    return response.has("data") ? response.get("data") : response;
  }

  private static String text(final JsonNode node, final String key) {
    final JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing " + key);
    }
    return value.asText();
  }

  private static long uint64(final JsonNode node, final String key) {
    final String text = text(node, key);
    try {
      return Long.parseUnsignedLong(text);
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a uint64: \"" + text + "\"");
    }
  }

  private static Bytes version(final JsonNode node, final String key) {
    try {
      return Bytes.fromHex(text(node, key), 4);
    } catch (final IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " is not a 4-byte version: " + e.getMessage());
    }
  }

  private static Bytes root(final JsonNode node, final String key) {
    try {
      return Bytes.fromHex(text(node, key), 32);
    } catch (final IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " is not a 32-byte root: " + e.getMessage());
    }
  }

  /** The fork active at an epoch. */
  public ForkName forkAt(final long epoch) {
    ForkName active = ForkName.PHASE0;
    for (final ForkName fork : scheduled) {
      if (Long.compareUnsigned(epochs.get(fork), epoch) <= 0) {
        active = fork;
      }
    }
    return active;
  }

  /** The fork active at a slot. */
  public ForkName forkAtSlot(final long slot) {
    return forkAt(epochOfSlot(slot));
  }

  /** The fork version active at an epoch. */
  public Bytes forkVersionAt(final long epoch) {
    return versions.get(forkAt(epoch));
  }

  /** The version of a fork; fails for a fork the config does not name. */
  public Bytes versionOf(final ForkName fork) {
    final Bytes version = versions.get(fork);
    if (version == null) {
      throw new IllegalStateException("the config has no " + versionKey(fork));
    }
    return version;
  }

  /** The activation epoch of a fork; FAR_FUTURE_EPOCH when not scheduled. */
  public long forkEpoch(final ForkName fork) {
    return scheduled.contains(fork) ? epochs.get(fork) : FAR_FUTURE_EPOCH;
  }

  /** The Fork object (previous and current version, epoch) at an epoch, as a state holds it. */
  public Fork forkObjectAt(final long epoch) {
    final ForkName current = forkAt(epoch);
    final int index = scheduled.indexOf(current);
    final ForkName previous = index > 0 ? scheduled.get(index - 1) : current;
    return new Fork(versions.get(previous), versions.get(current), epochs.get(current));
  }

  /** The forks that are scheduled (epoch below FAR_FUTURE_EPOCH), in order. */
  public List<ForkName> scheduledForks() {
    return scheduled;
  }

  /** compute_domain(domain_type, fork version at epoch, genesis_validators_root). */
  public Bytes domain(final Bytes domainType, final long epoch) {
    return Signing.computeDomain(domainType, forkVersionAt(epoch), genesisValidatorsRoot);
  }

  /** The schemas (attestation, block formats) of the fork active at an epoch. */
  public ForkSchemas schemasAt(final long epoch) {
    return schemas.at(forkAt(epoch));
  }

  public Schemas schemas() {
    return schemas;
  }

  public Preset preset() {
    return preset;
  }

  public Bytes genesisValidatorsRoot() {
    return genesisValidatorsRoot;
  }

  public Bytes genesisForkVersion() {
    return versions.get(ForkName.PHASE0);
  }

  public long genesisTime() {
    return genesisTime;
  }

  public long secondsPerSlot() {
    return secondsPerSlot;
  }

  public long slotsPerEpoch() {
    return preset.slotsPerEpoch();
  }

  /** compute_epoch_at_slot. */
  public long epochOfSlot(final long slot) {
    return Long.divideUnsigned(slot, preset.slotsPerEpoch());
  }

  /** A slot clock for this chain. */
  public SlotClock slotClock(final TimeProvider time) {
    return new SlotClock(genesisTime, secondsPerSlot, preset.slotsPerEpoch(), time);
  }
}
