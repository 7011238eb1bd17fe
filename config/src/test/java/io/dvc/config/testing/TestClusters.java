package io.dvc.config.testing;

import io.dvc.config.ceremony.CeremonyRequest;
import io.dvc.config.ceremony.CeremonyResult;
import io.dvc.config.ceremony.DealerCeremony;
import io.dvc.config.ceremony.OperatorSource;
import io.dvc.spec.ssz.Bytes;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Small clusters for tests, made with the real ceremony and the insecure fast KDF. */
public final class TestClusters {
  public static final Bytes FORK_VERSION = Bytes.fromHex("0x10000038");
  public static final Bytes WITHDRAWAL =
      Bytes.fromHex("0x1111111111111111111111111111111111111111");
  public static final Bytes FEE_RECIPIENT =
      Bytes.fromHex("0x2222222222222222222222222222222222222222");

  private TestClusters() {}

  public static CeremonyRequest request(
      final Path output, final int operators, final int validators) {
    return CeremonyRequest.testnet(
        output,
        OperatorSource.Generate.named(operators),
        validators,
        FORK_VERSION,
        WITHDRAWAL,
        FEE_RECIPIENT);
  }

  public static CeremonyResult create(
      final Path output, final int operators, final int validators) {
    return new DealerCeremony(new SecureRandom()).run(request(output, operators, validators));
  }
}
