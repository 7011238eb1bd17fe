package io.dvc.app.testnet.chaos;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a faulty beacon node does to one DVC node, through its {@link BeaconFaultProxy}.
 *
 * @param kind the fault ({@link Kind#NONE}: answers pass unchanged)
 * @param delayMillis how long a {@link Kind#SLOW} beacon node holds every answer
 */
public record BeaconFault(Kind kind, long delayMillis) {
  public static final BeaconFault NONE = new BeaconFault(Kind.NONE, 0);

  /** The kinds of fault, named as in a scenario file. */
  public enum Kind {
    NONE("none"),
    /** Every answer (the event stream's start too) comes {@code delay_ms} late. */
    SLOW("slow"),
    /** Every request is answered 503, and the event stream closes. */
    ERROR("error"),
    /**
     * The node stops following the chain but says it is synced: no events reach the DVC node, and
     * {@code /eth/v1/node/syncing} reports the head slot of the fault's start with distance 0.
     */
    STALE_HEAD("stale-head"),
    /** Attestation data is answered for the slot before the one asked for. */
    WRONG_DATA("wrong-data");

    private final String label;

    Kind(final String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The kind of a label; IllegalArgumentException listing the labels otherwise. */
    static Kind parse(final String label) {
      return Arrays.stream(values())
          .filter(k -> k != NONE && k.label.equals(label.toLowerCase(Locale.ROOT)))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "'" + label + "' is not slow, error, stale-head or wrong-data"));
    }
  }
}
