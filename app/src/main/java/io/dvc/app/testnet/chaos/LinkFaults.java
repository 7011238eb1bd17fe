package io.dvc.app.testnet.chaos;

/**
 * The faults on one link at one moment.
 *
 * @param drop the probability that a chunk of the byte stream counts as a lost packet (see {@link
 *     LinkProxy})
 * @param jitterMillis each chunk is held back a uniformly random 0 … jitterMillis ms (order kept)
 * @param cut the link is partitioned: its connections are closed and new ones refused
 * @param bytesPerSecond each direction carries at most this many bytes a second (0: no cap)
 * @param holdDialerBytes the bytes the dialing node sends are held (not lost) until this ends: one
 *     way of a one-way partition
 * @param holdListenerBytes the bytes the dialed node sends are held until this ends
 */
public record LinkFaults(
    double drop,
    long jitterMillis,
    boolean cut,
    long bytesPerSecond,
    boolean holdDialerBytes,
    boolean holdListenerBytes) {
  public static final LinkFaults NONE = new LinkFaults(0, 0, false);

  /** Drops, jitter and cut only. */
  public LinkFaults(final double drop, final long jitterMillis, final boolean cut) {
    this(drop, jitterMillis, cut, 0, false, false);
  }

  /** The worse of each fault of two (the lower bandwidth cap). */
  LinkFaults and(final LinkFaults other) {
    final long cap =
        bytesPerSecond == 0
            ? other.bytesPerSecond
            : other.bytesPerSecond == 0
                ? bytesPerSecond
                : Math.min(bytesPerSecond, other.bytesPerSecond);
    return new LinkFaults(
        Math.max(drop, other.drop),
        Math.max(jitterMillis, other.jitterMillis),
        cut || other.cut,
        cap,
        holdDialerBytes || other.holdDialerBytes,
        holdListenerBytes || other.holdListenerBytes);
  }

  /** Whether the bytes of one direction are held. */
  boolean holds(final boolean dialerToListener) {
    return dialerToListener ? holdDialerBytes : holdListenerBytes;
  }
}
