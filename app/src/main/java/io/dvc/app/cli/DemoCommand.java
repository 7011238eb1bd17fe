package io.dvc.app.cli;

import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.threshold.KeySplit;
import io.dvc.bls.threshold.SecretShare;
import io.dvc.bls.threshold.ThresholdAggregator;
import io.dvc.bls.threshold.ThresholdKeySplitter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dvc demo}: splits a fresh validator key t-of-n, signs with t shares, combines the partial
 * signatures and verifies the result against the distributed public key; then shows that t-1 shares
 * do not produce a valid signature. Exit code 0 when every step behaves as expected.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Threshold BLS demo: split a key, sign with shares, combine, verify.")
public final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--threshold",
      defaultValue = "3",
      description = "Shares needed to sign (default: ${DEFAULT-VALUE}).")
  private int threshold;

  @Option(
      names = "--shares",
      defaultValue = "4",
      description = "Number of shares (default: ${DEFAULT-VALUE}).")
  private int shares;

  @Option(
      names = "--message",
      defaultValue = "hello from a distributed validator",
      description = "Text to sign (default: \"${DEFAULT-VALUE}\").")
  private String message;

  private PrintWriter out;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    if (threshold < 2 || threshold > shares || shares > 255) {
      spec.commandLine().getErr().println("dvc demo: need 2 <= threshold <= shares <= 255");
      return 2;
    }
    final boolean ok = run();
    out.println();
    out.println(ok ? "Demo succeeded." : "Demo FAILED.");
    out.flush();
    return ok ? 0 : 1;
  }

  private boolean run() {
    final SecureRandom random = new SecureRandom();
    final byte[] data = message.getBytes(StandardCharsets.UTF_8);
    out.printf(
        "Threshold BLS demo (%d-of-%d), ciphersuite %s%n%n", threshold, shares, Bls.CIPHERSUITE);

    final BlsSecretKey secretKey = BlsSecretKey.random(random);
    final BlsPublicKey groupKey = secretKey.publicKey();
    out.printf("1. Generated a fresh validator key.%n   public key %s%n", groupKey);
    final KeySplit split = new ThresholdKeySplitter(random).split(secretKey, threshold, shares);
    secretKey.destroy();
    out.printf(
        "2. Split it into %d shares (any %d can sign) with %d Feldman commitments;"
            + " the whole key is now destroyed.%n",
        shares, threshold, split.commitments().threshold());
    boolean ok = checkShares(split);

    out.printf("3. Each of shares 1..%d signs the message \"%s\".%n", threshold, message);
    final Map<Integer, BlsSignature> partials = new TreeMap<>();
    for (int index = 1; index <= threshold; index++) {
      final SecretShare share = split.share(index);
      final BlsSignature partial = share.secretKey().sign(data);
      partials.put(index, partial);
      final boolean valid = ThresholdAggregator.verifyPartial(share.publicShare(), data, partial);
      out.printf(
          "   share %d partial %s  valid for its public share: %s%n",
          index, shortHex(partial), yesNo(valid));
      ok &= valid;
    }

    final BlsSignature combined = ThresholdAggregator.combineSignatures(partials);
    final boolean combinedValid = Bls.verify(groupKey, data, combined);
    out.printf(
        "4. Combined the %d partials (Lagrange interpolation at 0):%n   signature %s%n"
            + "   verifies against the distributed public key: %s%n",
        threshold, combined, yesNo(combinedValid));
    ok &= combinedValid;

    ok &= showTooFew(partials, groupKey, data);
    ok &= showRecoveredKey(split, groupKey);
    split.destroy();
    return ok;
  }

  private boolean checkShares(final KeySplit split) {
    boolean ok = true;
    for (final SecretShare share : split.shares()) {
      final boolean valid = split.commitments().verify(share);
      out.printf(
          "   share %d public share %s  matches the commitments: %s%n",
          share.index(), shortHex(share.publicShare().publicKey()), yesNo(valid));
      ok &= valid;
    }
    return ok;
  }

  private boolean showTooFew(
      final Map<Integer, BlsSignature> partials, final BlsPublicKey groupKey, final byte[] data) {
    final Map<Integer, BlsSignature> tooFew = new TreeMap<>();
    partials.entrySet().stream()
        .limit(threshold - 1L)
        .forEach(e -> tooFew.put(e.getKey(), e.getValue()));
    final BlsSignature weak = ThresholdAggregator.combineSignatures(tooFew);
    final boolean weakValid = Bls.verify(groupKey, data, weak);
    out.printf(
        "5. Combining only %d partials %s gives %s%n   verifies: %s (expected: no)%n",
        tooFew.size(), tooFew.keySet(), shortHex(weak), yesNo(weakValid));
    return !weakValid;
  }

  private boolean showRecoveredKey(final KeySplit split, final BlsPublicKey groupKey) {
    final List<Integer> last =
        split.shares().stream().map(SecretShare::index).skip(shares - (long) threshold).toList();
    final BlsPublicKey recovered =
        ThresholdAggregator.recoverPublicKey(
            last.stream().map(i -> split.share(i).publicShare()).toList());
    final boolean same = recovered.equals(groupKey);
    out.printf(
        "6. Public key recovered from the public shares %s equals the distributed key: %s%n",
        last, yesNo(same));
    return same;
  }

  private static String shortHex(final Object value) {
    final String hex = value.toString();
    return hex.substring(0, 14) + "…" + hex.substring(hex.length() - 8);
  }

  private static String yesNo(final boolean value) {
    return value ? "yes" : "no";
  }
}
