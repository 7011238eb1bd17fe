package io.dvc.app.lodestar;

import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.config.ceremony.CeremonyRequest;
import io.dvc.config.ceremony.CeremonyResult;
import io.dvc.config.ceremony.DealerCeremony;
import io.dvc.config.ceremony.KdfChoice;
import io.dvc.config.ceremony.KeySource;
import io.dvc.config.ceremony.OperatorSource;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.spec.ssz.Bytes;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The cluster of a Lodestar testnet: EIP-2335 keystores of interop validators {@code first} to
 * {@code first + count - 1}, split by the dealer ceremony among one operator per p2p port (on
 * 127.0.0.1), in {@code dir/cluster}.
 */
final class LodestarCluster {
  private LodestarCluster() {}

  static CeremonyResult make(
      final Path dir,
      final int first,
      final int count,
      final Bytes genesisForkVersion,
      final List<Integer> p2pPorts)
      throws IOException {
    final List<Path> keystores =
        InteropKeys.writeKeystores(dir.resolve("interop-keys"), first, first + count);
    final List<KeySource.KeystoreInput> inputs = new ArrayList<>();
    for (final Path keystore : keystores) {
      final String name = keystore.getFileName().toString();
      inputs.add(
          new KeySource.KeystoreInput(
              keystore, keystore.resolveSibling(name.substring(0, name.length() - 5) + ".txt")));
    }
    final List<OperatorSource.OperatorSpec> operators = new ArrayList<>();
    for (int i = 0; i < p2pPorts.size(); i++) {
      operators.add(
          new OperatorSource.OperatorSpec(
              "operator-" + (i + 1),
              List.of(Multiaddr.fromString("/ip4/127.0.0.1/tcp/" + p2pPorts.get(i)))));
    }
    return new DealerCeremony(new SecureRandom())
        .run(
            new CeremonyRequest(
                dir.resolve("cluster"),
                "lodestar-testnet",
                new Network(Network.CUSTOM, genesisForkVersion),
                new OperatorSource.Generate(operators),
                OptionalInt.empty(),
                new KeySource.Keystores(inputs),
                Bytes.fromHex("0x000000000000000000000000000000000000dead"),
                WithdrawalType.ETH1_ADDRESS,
                Bytes.fromHex("0x000000000000000000000000000000000000beef"),
                CeremonyRequest.DEFAULT_DEPOSIT_GWEI,
                KdfChoice.INSECURE_FAST_PBKDF2));
  }
}
