package io.dvc.config.cluster;

import io.dvc.config.ClusterConfigException;
import io.dvc.config.WithdrawalType;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a cluster definition: threshold (t > n/2 required, a warning when t != ceil(2n/3)),
 * distinct operators, sane deposit terms. Errors name the file and the JSON path under {@code base}
 * ({@code $} in cluster-definition.json, {@code $.definition} in cluster-lock.json).
 */
public final class DefinitionValidator {
  private DefinitionValidator() {}

  /**
   * Checks a definition.
   *
   * @return warnings (not errors), one line each
   * @throws ClusterConfigException on the first rule broken
   */
  public static List<String> validate(
      final ClusterDefinition d, final String file, final String base) {
    final List<String> warnings = new ArrayList<>();
    text(d.name(), file, base + ".name");
    checkOperators(d.operators(), file, base);
    warnings.addAll(checkThreshold(d.threshold(), d.operatorCount(), file, base));
    if (d.numValidators() < 1) {
      throw new ClusterConfigException(file, base + ".num_validators", "must be at least 1");
    }
    if (d.withdrawalAddress().isZero()) {
      throw new ClusterConfigException(
          file, base + ".withdrawal_address", "is the zero address (funds would be burnt)");
    }
    if (d.feeRecipient().isZero()) {
      throw new ClusterConfigException(
          file, base + ".fee_recipient", "is the zero address (rewards would be burnt)");
    }
    checkDepositAmount(d.depositAmountGwei(), d.withdrawalType(), file, base);
    return List.copyOf(warnings);
  }

  /** The threshold rules alone (used before a definition exists, e.g. by the ceremony). */
  public static List<String> checkThreshold(
      final int t, final int n, final String file, final String base) {
    final String path = base + ".threshold";
    if (t > n) {
      throw new ClusterConfigException(
          file, path, "threshold t=" + t + " exceeds the number of operators n=" + n);
    }
    if (2 * t <= n) {
      throw new ClusterConfigException(
          file, path, "threshold t=" + t + " must be more than half of n=" + n + " (t > n/2)");
    }
    final int recommended = ClusterDefinition.defaultThreshold(n);
    if (t != recommended) {
      return List.of(
          file
              + ": "
              + path
              + ": warning: threshold t="
              + t
              + " differs from the recommended ceil(2n/3)="
              + recommended
              + " for n="
              + n);
    }
    return List.of();
  }

  private static void checkOperators(
      final List<Operator> operators, final String file, final String base) {
    if (operators.isEmpty()) {
      throw new ClusterConfigException(
          file, base + ".operators", "at least one operator is needed");
    }
    final Map<String, Integer> names = new HashMap<>();
    final Map<PeerId, Integer> peers = new HashMap<>();
    final Map<Multiaddr, String> addresses = new HashMap<>();
    for (int i = 0; i < operators.size(); i++) {
      final Operator o = operators.get(i);
      final String path = base + ".operators[" + i + "]";
      text(o.name(), file, path + ".name");
      duplicate(names.putIfAbsent(o.name(), i), file, path + ".name", base, "name");
      duplicate(peers.putIfAbsent(o.peerId(), i), file, path + ".peer_id", base, "peer_id");
      if (o.addresses().size() > LockHashCalculator.MAX_ADDRESSES) {
        throw new ClusterConfigException(
            file,
            path + ".addresses",
            "more than " + LockHashCalculator.MAX_ADDRESSES + " addresses");
      }
      for (int a = 0; a < o.addresses().size(); a++) {
        final String here = path + ".addresses[" + a + "]";
        final String previous = addresses.putIfAbsent(o.addresses().get(a), here);
        if (previous != null) {
          throw new ClusterConfigException(file, here, "duplicate of " + previous);
        }
        if (o.addresses().get(a).toBytes().length > LockHashCalculator.MAX_TEXT) {
          throw new ClusterConfigException(file, here, "longer than 256 bytes");
        }
      }
    }
  }

  private static void duplicate(
      final Integer previous,
      final String file,
      final String path,
      final String base,
      final String field) {
    if (previous != null) {
      throw new ClusterConfigException(
          file,
          path,
          "duplicate operator: same " + field + " as " + base + ".operators[" + previous + "]");
    }
  }

  private static void text(final String value, final String file, final String path) {
    if (value.isBlank()) {
      throw new ClusterConfigException(file, path, "must not be empty");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > LockHashCalculator.MAX_TEXT) {
      throw new ClusterConfigException(file, path, "longer than 256 bytes of UTF-8");
    }
  }

  private static void checkDepositAmount(
      final long gwei, final WithdrawalType type, final String file, final String base) {
    if (gwei < WithdrawalType.MIN_DEPOSIT_GWEI || gwei > type.maxDepositGwei()) {
      throw new ClusterConfigException(
          file,
          base + ".deposit_amount_gwei",
          gwei
              + " Gwei is outside "
              + WithdrawalType.MIN_DEPOSIT_GWEI
              + ".."
              + type.maxDepositGwei()
              + " for withdrawal type "
              + type.text());
    }
  }
}
