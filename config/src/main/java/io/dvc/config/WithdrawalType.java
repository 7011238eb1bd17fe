package io.dvc.config;

import java.util.Optional;

/** The withdrawal credentials prefix: 0x01 (execution address) or 0x02 (compounding, EIP-7251). */
public enum WithdrawalType {
  ETH1_ADDRESS(0x01, 32_000_000_000L),
  COMPOUNDING(0x02, 2_048_000_000_000L);

  /** The deposit contract's minimum deposit (1 ETH) in Gwei. */
  public static final long MIN_DEPOSIT_GWEI = 1_000_000_000L;

  private final int prefix;
  private final long maxEffectiveBalanceGwei;

  WithdrawalType(final int prefix, final long maxEffectiveBalanceGwei) {
    this.prefix = prefix;
    this.maxEffectiveBalanceGwei = maxEffectiveBalanceGwei;
  }

  public int prefix() {
    return prefix;
  }

  /** MAX_EFFECTIVE_BALANCE (0x01) or MAX_EFFECTIVE_BALANCE_ELECTRA (0x02): the largest deposit. */
  public long maxDepositGwei() {
    return maxEffectiveBalanceGwei;
  }

  /** As written in files: "0x01" or "0x02". */
  public String text() {
    return String.format("0x%02x", prefix);
  }

  public static Optional<WithdrawalType> fromText(final String text) {
    for (final WithdrawalType t : values()) {
      if (t.text().equalsIgnoreCase(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** withdrawal_credentials = prefix || 11 zero bytes || the 20-byte execution address. */
  public byte[] credentials(final byte[] address) {
    if (address.length != 20) {
      throw new IllegalArgumentException("an execution address has 20 bytes");
    }
    final byte[] out = new byte[32];
    out[0] = (byte) prefix;
    System.arraycopy(address, 0, out, 12, 20);
    return out;
  }
}
