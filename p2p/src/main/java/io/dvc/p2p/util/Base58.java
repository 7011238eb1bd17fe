package io.dvc.p2p.util;

import java.math.BigInteger;
import java.util.Arrays;

/** Base58btc (Bitcoin alphabet), as used by the text form of peer ids. */
public final class Base58 {
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] INDEXES = new int[128];

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEXES[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {}

  public static String encode(final byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    final StringBuilder sb = new StringBuilder();
    BigInteger value = new BigInteger(1, input);
    final BigInteger base = BigInteger.valueOf(58);
    while (value.signum() > 0) {
      final BigInteger[] qr = value.divideAndRemainder(base);
      sb.append(ALPHABET.charAt(qr[1].intValue()));
      value = qr[0];
    }
    for (int i = 0; i < zeros; i++) {
      sb.append('1');
    }
    return sb.reverse().toString();
  }

  public static byte[] decode(final String input) {
    int zeros = 0;
    while (zeros < input.length() && input.charAt(zeros) == '1') {
      zeros++;
    }
    BigInteger value = BigInteger.ZERO;
    final BigInteger base = BigInteger.valueOf(58);
    for (int i = zeros; i < input.length(); i++) {
      final char c = input.charAt(i);
      final int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("invalid base58 character '" + c + "' at " + i);
      }
      value = value.multiply(base).add(BigInteger.valueOf(digit));
    }
    byte[] body = value.signum() == 0 ? new byte[0] : value.toByteArray();
    if (body.length > 0 && body[0] == 0) {
      body = Arrays.copyOfRange(body, 1, body.length);
    }
    final byte[] out = new byte[zeros + body.length];
    System.arraycopy(body, 0, out, zeros, body.length);
    return out;
  }
}
