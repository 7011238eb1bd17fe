package io.dvc.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.bytes.Hex;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.node.beacon.api.Genesis;
import io.dvc.node.beacon.api.PostStateValidators;
import io.dvc.node.beacon.api.ValidatorInfo;
import io.dvc.node.cluster.ClusterRuntime;
import io.dvc.node.cluster.ValidatorShare;
import io.dvc.slashing.Root;
import io.dvc.slashing.SlashingProtection;
import io.dvc.storage.KvStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The start-up checks that a node is on its cluster's network, each failing in one line. */
final class NetworkCheck {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkCheck.class);

  private NetworkCheck() {}

  /**
   * The lock's fork version must be the network's genesis fork version. Beacon nodes differ in what
   * {@code /eth/v1/beacon/genesis} reports (some give the fork version in force at slot 0 when
   * later forks start at genesis), so either that value or the spec's {@code GENESIS_FORK_VERSION}
   * is accepted; the network's identity is then fixed by the genesis validators root, which
   * slashing protection is bound to.
   */
  static void check(final ClusterRuntime cluster, final JsonNode spec, final Genesis genesis) {
    final byte[] lock = cluster.forkVersion();
    final Optional<byte[]> fromSpec =
        Optional.ofNullable(spec.get("GENESIS_FORK_VERSION"))
            .map(JsonNode::asText)
            .flatMap(NetworkCheck::fourBytes);
    final boolean matches =
        Arrays.equals(lock, genesis.genesisForkVersion().toArray())
            || fromSpec.map(v -> Arrays.equals(lock, v)).orElse(false);
    if (!matches) {
      throw new NodeStartException(
          "beacon node is on another network: its genesis fork version is "
              + Hex.encode(fromSpec.orElse(genesis.genesisForkVersion().toArray()))
              + " but the cluster lock says "
              + Hex.encode(lock));
    }
  }

  private static Optional<byte[]> fourBytes(final String hex) {
    try {
      return Optional.of(Hex.decode(hex, 4));
    } catch (final IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static SlashingProtection openSlashingProtection(
      final KvStore store, final Genesis genesis, final List<AutoCloseable> closeables) {
    closeables.add(store);
    final byte[] gvr = genesis.genesisValidatorsRoot().toArray();
    final Optional<Root> bound = SlashingProtection.boundGenesisValidatorsRoot(store);
    if (bound.isPresent() && !Arrays.equals(bound.get().toBytes(), gvr)) {
      throw new NodeStartException(
          "beacon node is on another network: genesis validators root "
              + Hex.encode(gvr)
              + " differs from "
              + Hex.encode(bound.get().toBytes())
              + " in the slashing-protection database");
    }
    return SlashingProtection.open(store, Root.of(gvr));
  }

  /** The cluster's validators by beacon index; unknown ones are left out with a warning. */
  static Map<Long, ValidatorShare> resolveIndices(
      final ClusterRuntime cluster, final BeaconClient beacon) {
    final Map<String, ValidatorShare> byPubkey = new HashMap<>();
    for (final ValidatorShare share : cluster.validators()) {
      byPubkey.put(share.groupPublicKey().toHex(), share);
    }
    final List<ValidatorInfo> known = fetchWithRetries(beacon, List.copyOf(byPubkey.keySet()));
    final Map<Long, ValidatorShare> byIndex = new HashMap<>();
    for (final ValidatorInfo info : known) {
      final ValidatorShare share = byPubkey.get(info.pubkey().toHex());
      if (share != null) {
        byIndex.put(info.index(), share);
      }
    }
    if (byIndex.size() < byPubkey.size()) {
      LOG.warn(
          "{} of the cluster's {} validators are unknown to the beacon node",
          byPubkey.size() - byIndex.size(),
          byPubkey.size());
    }
    return byIndex;
  }

  /**
   * The validators, asked up to five times a second apart: at start-up one dropped connection (a
   * beacon node resetting it under load) must not stop the node.
   */
  private static List<ValidatorInfo> fetchWithRetries(
      final BeaconClient beacon, final List<String> pubkeys) {
    for (int attempt = 1; ; attempt++) {
      try {
        return PostStateValidators.fetch(beacon, pubkeys).join();
      } catch (final java.util.concurrent.CompletionException e) {
        if (attempt == 5) {
          throw e;
        }
        LOG.warn(
            "asking the beacon node for the cluster's validators failed (attempt {} of 5): {}",
            attempt,
            e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        try {
          Thread.sleep(1000);
        } catch (final InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static JsonNode genesisJson(final Genesis genesis) {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("genesis_time", Long.toUnsignedString(genesis.genesisTime()));
    node.put("genesis_validators_root", genesis.genesisValidatorsRoot().toHex());
    node.put("genesis_fork_version", genesis.genesisForkVersion().toHex());
    return node;
  }
}
