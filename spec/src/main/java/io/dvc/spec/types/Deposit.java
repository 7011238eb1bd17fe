package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;
import java.util.List;

/** Deposit: deposit data with its Merkle proof. */
public record Deposit(List<Bytes> proof, DepositData data) {
  public Deposit {
    proof = List.copyOf(proof);
  }
}
