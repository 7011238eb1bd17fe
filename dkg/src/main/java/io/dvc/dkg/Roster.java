package io.dvc.dkg;

import io.dvc.p2p.crypto.PeerPublicKey;
import java.util.Optional;

/** The parties of a ceremony by number: how to name them and their identity keys. */
public interface Roster {
  /** "operator 3 'name' (peer id)". */
  String describe(int index);

  /** The identity public key of party {@code index}. */
  Optional<PeerPublicKey> key(int index);
}
