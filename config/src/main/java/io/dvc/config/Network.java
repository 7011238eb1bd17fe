package io.dvc.config;

import io.dvc.common.bytes.Hex;
import io.dvc.spec.ssz.Bytes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An Ethereum network as deposits see it: its name and GENESIS_FORK_VERSION (the deposit domain
 * uses the genesis fork version on every chain). {@code custom} is any other chain, named by its
 * fork version only (what {@code dvc testnet} uses).
 */
public record Network(String name, Bytes genesisForkVersion) {
  public static final String CUSTOM = "custom";
  public static final Network MAINNET = new Network("mainnet", Bytes.fromHex("0x00000000"));
  public static final Network SEPOLIA = new Network("sepolia", Bytes.fromHex("0x90000069"));
  public static final Network HOLESKY = new Network("holesky", Bytes.fromHex("0x01017000"));
  public static final Network HOODI = new Network("hoodi", Bytes.fromHex("0x10000910"));

  /** The named public networks. */
  public static final List<Network> KNOWN = List.of(MAINNET, SEPOLIA, HOLESKY, HOODI);

  public Network {
    if (genesisForkVersion.size() != 4) {
      throw new IllegalArgumentException("a fork version has 4 bytes");
    }
  }

  /** A named public network, if the name is one. */
  public static Optional<Network> byName(final String name) {
    final String lower = name.toLowerCase(Locale.ROOT);
    return KNOWN.stream().filter(n -> n.name.equals(lower)).findFirst();
  }

  /** A custom network with the given 4-byte fork version (0x-hex). */
  public static Network custom(final String forkVersionHex) {
    return new Network(CUSTOM, Bytes.of(Hex.decode(forkVersionHex, 4)));
  }

  /** The known names, for messages. */
  public static String knownNames() {
    return String.join(", ", KNOWN.stream().map(Network::name).toList()) + " or " + CUSTOM;
  }

  public boolean isCustom() {
    return CUSTOM.equals(name);
  }
}
