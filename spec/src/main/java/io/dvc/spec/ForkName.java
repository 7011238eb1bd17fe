package io.dvc.spec;

import java.util.Locale;

/** The consensus forks, in order; {@link #jsonName()} is the Beacon-API / vector folder name. */
public enum ForkName {
  PHASE0,
  ALTAIR,
  BELLATRIX,
  CAPELLA,
  DENEB,
  ELECTRA,
  FULU;

  /** {@code phase0}, {@code altair}, ... as in the Eth-Consensus-Version header. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The config/spec key prefix: {@code ALTAIR} for {@code ALTAIR_FORK_VERSION}. */
  public String configPrefix() {
    return name();
  }

  public boolean isAtLeast(final ForkName other) {
    return compareTo(other) >= 0;
  }

  /** Parses {@code phase0}, {@code electra}, ... in any case. */
  public static ForkName fromJsonName(final String name) {
    for (final ForkName fork : values()) {
      if (fork.name().equalsIgnoreCase(name)) {
        return fork;
      }
    }
    throw new IllegalArgumentException("unknown fork name \"" + name + "\"");
  }
}
