package io.dvc.dkg;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a session has received, by phase and sender (messages for later phases wait here), and the
 * secret shares sent to it. A sender may repeat a message (a retried send) but not change it.
 */
final class DkgInbox {
  private final Map<DkgPhase, Map<Integer, DkgMessage>> messages = new EnumMap<>(DkgPhase.class);
  private final Map<Integer, DkgMessage.Shares> shares = new TreeMap<>();

  DkgInbox() {
    for (final DkgPhase p : DkgPhase.values()) {
      messages.put(p, new TreeMap<>());
    }
  }

  /** Stores a message; false when the sender already sent a different one for that phase. */
  boolean store(final int from, final DkgMessage message) {
    if (message instanceof DkgMessage.Shares s) {
      final DkgMessage.Shares previous = shares.putIfAbsent(from, s);
      if (previous != null) {
        final boolean same = Arrays.equals(previous.scalars(), s.scalars());
        s.destroy();
        return same;
      }
      return true;
    }
    final DkgMessage previous = messages.get(message.phase()).putIfAbsent(from, message);
    return previous == null || Arrays.equals(DkgCodec.encode(previous), DkgCodec.encode(message));
  }

  /** Puts this operator's own message (it takes part in the phase's computation). */
  void putOwn(final int me, final DkgMessage message) {
    messages.get(message.phase()).put(me, message);
  }

  /** True when {@code from}'s message(s) for {@code phase} arrived (DEAL needs deal and shares). */
  boolean hasAll(final DkgPhase phase, final int from) {
    final boolean message = messages.get(phase).containsKey(from);
    return phase == DkgPhase.DEAL ? message && shares.containsKey(from) : message;
  }

  DkgMessage get(final DkgPhase phase, final int from) {
    return messages.get(phase).get(from);
  }

  byte[] sharesFrom(final int dealer) {
    return shares.get(dealer).scalars();
  }

  /** Replaces the shares of a dealer (a resolved complaint) and wipes the old ones. */
  void replaceShares(final int dealer, final byte[] scalars) {
    final DkgMessage.Shares old = shares.put(dealer, new DkgMessage.Shares(scalars));
    if (old != null) {
      old.destroy();
    }
  }

  /** The shares {@code dealer} revealed for {@code complainer} in its justification, if any. */
  java.util.Optional<byte[]> revealed(final int dealer, final int complainer) {
    final DkgMessage m = messages.get(DkgPhase.JUSTIFY).get(dealer);
    if (m == null) {
      return java.util.Optional.empty();
    }
    return ((DkgMessage.Justification) m)
        .revealed().stream()
            .filter(r -> r.complainer() == complainer)
            .map(DkgMessage.Revealed::scalars)
            .findFirst();
  }

  /** Wipes every secret received: shares and revealed shares. */
  void destroySecrets() {
    shares.values().forEach(DkgMessage.Shares::destroy);
    messages.get(DkgPhase.JUSTIFY).values().stream()
        .map(DkgMessage.Justification.class::cast)
        .forEach(j -> j.revealed().forEach(r -> Arrays.fill(r.scalars(), (byte) 0)));
  }
}
