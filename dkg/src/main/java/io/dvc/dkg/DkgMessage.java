package io.dvc.dkg;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.common.bytes.SecretBytes;
import io.dvc.spec.ssz.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * The messages of one DKG ceremony, one type per phase (see {@link DkgPhase}). Everything except
 * {@link Shares} and {@link Justification} is broadcast; {@link Shares} goes to one peer only and
 * holds secret material, which {@link Shares#destroy()} zeroes.
 */
public sealed interface DkgMessage {
  /** The phase this message belongs to. */
  DkgPhase phase();

  /** HELLO: the definition hash the sender runs with, and its fresh 32-byte session nonce. */
  record Hello(Bytes definitionHash, Bytes nonce) implements DkgMessage {
    public Hello {
      Objects.requireNonNull(definitionHash, "definitionHash");
      Objects.requireNonNull(nonce, "nonce");
    }

    @Override
    public DkgPhase phase() {
      return DkgPhase.HELLO;
    }
  }

  /** One validator's part of a deal: the t Feldman commitments and the proof for the first. */
  record ValidatorDeal(List<BlsPublicKey> commitments, SchnorrProof proof) {
    public ValidatorDeal {
      commitments = List.copyOf(commitments);
      Objects.requireNonNull(proof, "proof");
    }
  }

  /**
   * DEAL (broadcast): the dealer's commitments and proofs for every validator, and its identity-key
   * signature over {@link DealDigest} of them, so that any operator can prove what it was sent.
   */
  record Deal(List<ValidatorDeal> validators, Bytes signature) implements DkgMessage {
    public Deal {
      validators = List.copyOf(validators);
      Objects.requireNonNull(signature, "signature");
    }

    @Override
    public DkgPhase phase() {
      return DkgPhase.DEAL;
    }
  }

  /**
   * DEAL (to one peer): the dealer's polynomial evaluated at the receiver's share index, one
   * 32-byte big-endian scalar per validator, concatenated. Secret.
   */
  record Shares(byte[] scalars) implements DkgMessage {
    public Shares {
      Objects.requireNonNull(scalars, "scalars");
    }

    public int count() {
      return scalars.length / 32;
    }

    public void destroy() {
      SecretBytes.wipe(scalars);
    }

    @Override
    public DkgPhase phase() {
      return DkgPhase.DEAL;
    }

    @Override
    public String toString() {
      return "Shares[" + count() + " scalars]";
    }
  }

  /** What an operator saw of one dealer's {@link Deal}: its digest and the dealer's signature. */
  record Echo(int dealer, Bytes digest, Bytes signature) {}

  /**
   * VERDICT (broadcast): the dealers whose shares to the sender failed verification (complaints),
   * and an echo of every other dealer's deal digest.
   */
  record Verdict(List<Integer> complaints, List<Echo> echoes) implements DkgMessage {
    public Verdict {
      complaints = List.copyOf(complaints);
      echoes = List.copyOf(echoes);
    }

    @Override
    public DkgPhase phase() {
      return DkgPhase.VERDICT;
    }
  }

  /** The shares a dealer sent to one complainer, revealed. */
  record Revealed(int complainer, byte[] scalars) {}

  /**
   * JUSTIFY (broadcast, only by dealers that were complained against): the disputed shares in the
   * clear: a complaint is resolved when they match the commitments, else the dealer is at fault.
   */
  record Justification(List<Revealed> revealed) implements DkgMessage {
    public Justification {
      revealed = List.copyOf(revealed);
    }

    @Override
    public DkgPhase phase() {
      return DkgPhase.JUSTIFY;
    }

    @Override
    public String toString() {
      return "Justification[" + revealed.size() + " complainers]";
    }
  }

  /** DEPOSIT (broadcast): the sender's partial signature of every validator's deposit message. */
  record DepositPartials(List<BlsSignature> partials) implements DkgMessage {
    public DepositPartials {
      partials = List.copyOf(partials);
    }

    @Override
    public DkgPhase phase() {
      return DkgPhase.DEPOSIT;
    }
  }

  /**
   * LOCK (broadcast): the lock hash the sender computed, its identity-key signature over it, and
   * the aggregate of its shares' BLS signatures over it.
   */
  record LockSignatures(Bytes lockHash, Bytes operatorSignature, BlsSignature shareAggregate)
      implements DkgMessage {
    public LockSignatures {
      Objects.requireNonNull(lockHash, "lockHash");
      Objects.requireNonNull(operatorSignature, "operatorSignature");
      Objects.requireNonNull(shareAggregate, "shareAggregate");
    }

    @Override
    public DkgPhase phase() {
      return DkgPhase.LOCK;
    }
  }

  /** Any phase: the sender gave up, with its one-line reason. */
  record Abort(String reason) implements DkgMessage {
    public Abort {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public DkgPhase phase() {
      return DkgPhase.HELLO;
    }
  }
}
