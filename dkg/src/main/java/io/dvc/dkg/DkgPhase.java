package io.dvc.dkg;

/** The phases of a ceremony, in order; each waits for one message from every other operator. */
public enum DkgPhase {
  /** Everyone is connected and runs the same definition; nonces fix the session id. */
  HELLO("hello"),
  /** Commitments, proofs of knowledge and per-peer shares. */
  DEAL("deal"),
  /** Complaints about bad shares and echoes of every deal digest. */
  VERDICT("verdict"),
  /** Only after complaints: accused dealers reveal the disputed shares (GJKR justification). */
  JUSTIFY("justification"),
  /** Partial deposit signatures. */
  DEPOSIT("deposit partials"),
  /** Lock hash, identity-key signature, aggregate share signature. */
  LOCK("lock signatures"),
  DONE("nothing");

  private final String expects;

  DkgPhase(final String expects) {
    this.expects = expects;
  }

  /** What this phase waits for, for error messages ("no deal from operator 3"). */
  public String expects() {
    return expects;
  }
}
