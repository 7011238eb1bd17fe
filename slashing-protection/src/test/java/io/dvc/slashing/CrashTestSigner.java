package io.dvc.slashing;

import io.dvc.storage.RocksDbKvStore;
import io.dvc.storage.RocksDbOptions;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link SlashingCrashIT}: signs attestations for many validators in a loop,
 * one synced batch per epoch, until it is killed. Each approval is printed as {@code A validator
 * source target variant} only after the batch's synced write returned. Some requests re-sign an
 * epoch with another root or try a surround vote, so refusals are exercised too.
 *
 * <p>Arguments: database directory, validator count, run number, seed.
 */
public final class CrashTestSigner {
  static final Root CHAIN = SlashingTestData.root(2026);

  private CrashTestSigner() {}

  /** The signing root of (validator, target, variant): distinct variants are distinct data. */
  static Root signingRoot(
      final int validator, final long source, final long target, final int variant) {
    return Root.of(
        ByteBuffer.allocate(Root.LENGTH)
            .putInt(validator)
            .putLong(source)
            .putLong(target)
            .putInt(variant)
            .array());
  }

  public static void main(final String[] args) {
    final Path directory = Path.of(args[0]);
    final int validators = Integer.parseInt(args[1]);
    final int run = Integer.parseInt(args[2]);
    final Random random = new Random(Long.parseLong(args[3]));
    final PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    final RocksDbKvStore store =
        RocksDbKvStore.open(directory, SlashingSchema.SCHEMA, RocksDbOptions.smallNode());
    final SlashingProtection protection = SlashingProtection.open(store, CHAIN);
    final long newest = protection.state(SlashingTestData.pubkey(0)).maxTargetEpoch().orElse(0);
    long target = Math.max(2, newest + 1 - random.nextInt(3));
    out.println("READY");
    out.flush();
    while (true) {
      final List<AttestationSigningRequest> requests = new ArrayList<>(validators);
      final int[] variants = new int[validators];
      for (int v = 0; v < validators; v++) {
        // one request in 20 tries to surround the previous epoch's vote (target - 2, target - 1)
        final long source = random.nextInt(20) == 0 && target >= 3 ? target - 3 : target - 1;
        variants[v] = random.nextBoolean() ? 0 : run + 1;
        requests.add(
            new AttestationSigningRequest(
                SlashingTestData.pubkey(v),
                source,
                target,
                signingRoot(v, source, target, variants[v])));
      }
      final List<AttestationDecision> decisions = protection.checkAndRecordAttestations(requests);
      for (int v = 0; v < validators; v++) {
        final AttestationSigningRequest request = decisions.get(v).request();
        if (decisions.get(v).decision().isAllowed()) {
          out.println("A " + v + " " + request.sourceEpoch() + " " + target + " " + variants[v]);
        } else {
          out.println("R " + v);
        }
      }
      out.flush();
      target++;
    }
  }
}
