package io.dvc.app.testnet.chaos;

/**
 * The faults on one link at one moment.
 *
 * @param drop the probability that a chunk of the byte stream counts as a lost packet (see {@link
 *     LinkProxy})
 * @param jitterMillis each chunk is held back a uniformly random 0 … jitterMillis ms (order kept)
 * @param cut the link is partitioned: its connections are closed and new ones refused
 */
public record LinkFaults(double drop, long jitterMillis, boolean cut) {
  public static final LinkFaults NONE = new LinkFaults(0, 0, false);

  /** The worse of each fault of two. */
  LinkFaults and(final LinkFaults other) {
    return new LinkFaults(
        Math.max(drop, other.drop), Math.max(jitterMillis, other.jitterMillis), cut || other.cut);
  }
}
