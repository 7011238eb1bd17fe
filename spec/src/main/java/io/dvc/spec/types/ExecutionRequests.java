package io.dvc.spec.types;

import java.util.List;

/** ExecutionRequests (Electra on). */
public record ExecutionRequests(
    List<DepositRequest> deposits,
    List<WithdrawalRequest> withdrawals,
    List<ConsolidationRequest> consolidations) {
  public ExecutionRequests {
    deposits = List.copyOf(deposits);
    withdrawals = List.copyOf(withdrawals);
    consolidations = List.copyOf(consolidations);
  }
}
