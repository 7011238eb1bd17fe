package io.dvc.config.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.bytes.Hex;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.Network;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.DepositData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * deposit-data.json in the format of the staking launchpad (as written by staking-deposit-cli): an
 * array of {pubkey, withdrawal_credentials, amount, signature, deposit_message_root,
 * deposit_data_root, fork_version, network_name, deposit_cli_version}, hex without 0x.
 */
public final class DepositDataFile {
  /** The staking-deposit-cli version whose output format we write (the launchpad checks it). */
  public static final String DEPOSIT_CLI_VERSION = "2.7.0";

  private static final Set<String> FIELDS =
      Set.of(
          "pubkey",
          "withdrawal_credentials",
          "amount",
          "signature",
          "deposit_message_root",
          "deposit_data_root",
          "fork_version",
          "network_name",
          "deposit_cli_version");

  private DepositDataFile() {}

  /** The launchpad JSON for a lock's deposits. */
  public static String write(final ClusterLock lock) {
    return write(
        lock.validators().stream().map(DistributedValidator::depositData).toList(),
        lock.definition().network());
  }

  /** The launchpad JSON for deposits on a network. */
  public static String write(final List<DepositData> deposits, final Network network) {
    final ArrayNode root = ClusterJson.MAPPER.createArrayNode();
    for (final DepositData d : deposits) {
      final ObjectNode node = root.addObject();
      node.put("pubkey", bare(d.pubkey()));
      node.put("withdrawal_credentials", bare(d.withdrawalCredentials()));
      node.put("amount", d.amount());
      node.put("signature", bare(d.signature()));
      node.put("deposit_message_root", bare(Deposits.depositMessageRoot(d)));
      node.put("deposit_data_root", bare(Deposits.depositDataRoot(d)));
      node.put("fork_version", bare(network.genesisForkVersion()));
      node.put("network_name", network.name());
      node.put("deposit_cli_version", DEPOSIT_CLI_VERSION);
    }
    return ClusterJson.write(root);
  }

  private static String bare(final Bytes bytes) {
    return Hex.encodeBare(bytes.toArray());
  }

  /** One deposit-data.json entry: the deposit and the deposit_cli_version it claims. */
  public record Entry(DepositData depositData, String depositCliVersion) {}

  /** Parses a deposit-data.json (shape, roots, fork version and network name). */
  public static List<Entry> parse(final String text, final String file, final Network network) {
    final JsonNode root = ClusterJson.parseTree(text, file);
    if (!root.isArray()) {
      throw new ClusterConfigException(file, "$", "must be a JSON array");
    }
    final List<Entry> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      out.add(entry(new JsonIn(file, "$[" + i + "]", root.get(i)).asObject(), network));
    }
    return out;
  }

  private static Entry entry(final JsonIn in, final Network network) {
    in.onlyFields(FIELDS);
    final DepositData data =
        new DepositData(
            bareHex(in, "pubkey", 48),
            bareHex(in, "withdrawal_credentials", 32),
            in.uint("amount", Long.MAX_VALUE),
            bareHex(in, "signature", 96));
    if (!bareHex(in, "deposit_message_root", 32).equals(Deposits.depositMessageRoot(data))) {
      throw in.fail("deposit_message_root", "is not the hash_tree_root of the deposit message");
    }
    if (!bareHex(in, "deposit_data_root", 32).equals(Deposits.depositDataRoot(data))) {
      throw in.fail("deposit_data_root", "is not the hash_tree_root of the deposit data");
    }
    if (!bareHex(in, "fork_version", 4).equals(network.genesisForkVersion())) {
      throw in.fail(
          "fork_version", "is not " + bare(network.genesisForkVersion()) + " of " + network.name());
    }
    if (!in.string("network_name").equals(network.name())) {
      throw in.fail("network_name", "is not '" + network.name() + "'");
    }
    return new Entry(data, in.string("deposit_cli_version"));
  }

  private static Bytes bareHex(final JsonIn in, final String field, final int length) {
    final String text = in.string(field);
    if (!JsonIn.BARE_LOWER_HEX.matcher(text).matches()) {
      throw in.fail(field, "must be lower-case hex without 0x (launchpad format)");
    }
    try {
      return Bytes.of(Hex.decode(text, length));
    } catch (final IllegalArgumentException e) {
      throw in.fail(field, e.getMessage());
    }
  }

  /**
   * Checks a deposit-data.json against a verified lock: same deposits, in order, and valid
   * signatures (those were verified with the lock; equality carries them over).
   */
  public static void verifyAgainst(final Path file, final ClusterLock lock) {
    final String name = file.toString();
    final List<Entry> entries = parse(ClusterFiles.read(file), name, lock.definition().network());
    if (entries.size() != lock.validators().size()) {
      throw new ClusterConfigException(
          name,
          "$",
          "has " + entries.size() + " deposits for " + lock.validators().size() + " validators");
    }
    final String[] fields = {"pubkey", "withdrawal_credentials", "amount", "signature"};
    for (int i = 0; i < entries.size(); i++) {
      final DepositData ours = lock.validators().get(i).depositData();
      final DepositData theirs = entries.get(i).depositData();
      if (!DEPOSIT_CLI_VERSION.equals(entries.get(i).depositCliVersion())) {
        throw new ClusterConfigException(
            name,
            "$[" + i + "].deposit_cli_version",
            "is not " + DEPOSIT_CLI_VERSION + " (written by dvc)");
      }
      final boolean[] same = {
        ours.pubkey().equals(theirs.pubkey()),
        ours.withdrawalCredentials().equals(theirs.withdrawalCredentials()),
        ours.amount() == theirs.amount(),
        ours.signature().equals(theirs.signature())
      };
      for (int f = 0; f < fields.length; f++) {
        if (!same[f]) {
          throw new ClusterConfigException(
              name,
              "$[" + i + "]." + fields[f],
              "differs from $.distributed_validators[" + i + "].deposit_data of the cluster lock");
        }
      }
    }
  }
}
