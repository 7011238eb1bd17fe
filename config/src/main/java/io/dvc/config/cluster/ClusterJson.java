package io.dvc.config.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.common.bytes.Hex;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.Network;
import io.dvc.config.WithdrawalType;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.multiaddr.Multiaddr;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.DepositData;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * JSON forms of cluster-definition.json and cluster-lock.json (format in docs/cluster-files.md).
 * Parsing checks syntax and field shapes and names the file and JSON path of any bad value; the
 * cluster rules (threshold, duplicates, hashes, signatures) are checked by {@link
 * ClusterLockVerifier}.
 */
public final class ClusterJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static {
    MAPPER.getFactory().setStreamReadConstraints(JsonErrors.CONSTRAINTS);
  }

  private static final Set<String> DEFINITION_FIELDS =
      Set.of(
          "version",
          "name",
          "network",
          "fork_version",
          "operators",
          "threshold",
          "num_validators",
          "withdrawal_address",
          "withdrawal_type",
          "fee_recipient",
          "deposit_amount_gwei");
  private static final Set<String> LOCK_FIELDS =
      Set.of(
          "version",
          "definition",
          "distributed_validators",
          "lock_hash",
          "operator_signatures",
          "aggregate_signature",
          "predecessor_lock_hash");
  private static final int MAX_OPERATORS = 255;
  private static final int MAX_VALIDATORS = 65_536;

  private ClusterJson() {}

  /** Parses JSON text; {@code file} names it in errors. */
  static JsonNode parseTree(final String text, final String file) {
    try {
      final JsonNode node = MAPPER.readTree(text);
      if (node == null) {
        throw new ClusterConfigException(file, "$", "empty file");
      }
      return node;
    } catch (final JsonProcessingException e) {
      throw new ClusterConfigException(file, "$", JsonErrors.describe(e));
    }
  }

  public static ClusterDefinition parseDefinition(final String text, final String file) {
    return definition(JsonIn.root(file, parseTree(text, file)));
  }

  public static ClusterLock parseLock(final String text, final String file) {
    final JsonIn in = JsonIn.root(file, parseTree(text, file));
    in.onlyFields(LOCK_FIELDS);
    final String version = in.string("version");
    if (!ClusterLock.VERSION.equals(version)
        && !ClusterLock.VERSION_WITH_PREDECESSOR.equals(version)) {
      throw in.fail(
          "version",
          "unsupported version '"
              + version
              + "' (expected "
              + ClusterLock.VERSION
              + " or "
              + ClusterLock.VERSION_WITH_PREDECESSOR
              + ")");
    }
    final Optional<Bytes> predecessor = predecessor(in, version);
    final ClusterDefinition definition = definition(in.object("definition"));
    final List<DistributedValidator> validators =
        in.array("distributed_validators", ClusterJson::validator);
    if (validators.size() > MAX_VALIDATORS) {
      throw in.fail("distributed_validators", "more than " + MAX_VALIDATORS + " validators");
    }
    final List<Optional<Bytes>> signatures =
        in.array("operator_signatures", ClusterJson::operatorSignature);
    return new ClusterLock(
        version,
        definition,
        validators,
        in.hex("lock_hash", 32),
        signatures,
        BlsSignature.fromBytes(in.hex("aggregate_signature", BlsSignature.SIZE).toArray()),
        predecessor);
  }

  /** {@code predecessor_lock_hash}: required (non-zero) in a reshared lock, absent otherwise. */
  private static Optional<Bytes> predecessor(final JsonIn in, final String version) {
    final boolean present = in.has("predecessor_lock_hash");
    if (ClusterLock.VERSION.equals(version)) {
      if (present) {
        throw in.fail("predecessor_lock_hash", "not allowed in a " + version + " lock");
      }
      return Optional.empty();
    }
    final Bytes hash = in.hex("predecessor_lock_hash", 32);
    if (hash.equals(Bytes.zero(32))) {
      throw in.fail("predecessor_lock_hash", "is zero");
    }
    return Optional.of(hash);
  }

  static ClusterDefinition definition(final JsonIn in) {
    in.onlyFields(DEFINITION_FIELDS);
    final String version = in.string("version");
    if (!ClusterDefinition.VERSION.equals(version)) {
      throw in.fail(
          "version",
          "unsupported version '" + version + "' (expected " + ClusterDefinition.VERSION + ")");
    }
    final List<Operator> operators = in.array("operators", ClusterJson::operator);
    if (operators.size() > MAX_OPERATORS) {
      throw in.fail("operators", "more than " + MAX_OPERATORS + " operators");
    }
    final String typeText = in.string("withdrawal_type");
    final WithdrawalType type =
        WithdrawalType.fromText(typeText)
            .orElseThrow(
                () -> in.fail("withdrawal_type", "'" + typeText + "' is not 0x01 or 0x02"));
    return new ClusterDefinition(
        version,
        in.string("name"),
        network(in),
        operators,
        (int) in.uint("threshold", MAX_OPERATORS),
        (int) in.uint("num_validators", MAX_VALIDATORS),
        in.hex("withdrawal_address", 20),
        type,
        in.hex("fee_recipient", 20),
        in.uint("deposit_amount_gwei", Long.MAX_VALUE));
  }

  private static Network network(final JsonIn in) {
    final String name = in.string("network");
    final Bytes forkVersion = in.hex("fork_version", 4);
    if (Network.CUSTOM.equals(name)) {
      return new Network(Network.CUSTOM, forkVersion);
    }
    final Network known =
        Network.byName(name)
            .filter(n -> n.name().equals(name))
            .orElseThrow(
                () ->
                    in.fail(
                        "network",
                        "unknown network '" + name + "' (known: " + Network.knownNames() + ")"));
    if (!known.genesisForkVersion().equals(forkVersion)) {
      throw in.fail(
          "fork_version",
          forkVersion.toHex()
              + " is not the genesis fork version of "
              + name
              + " ("
              + known.genesisForkVersion().toHex()
              + ")");
    }
    return known;
  }

  private static Operator operator(final JsonIn element) {
    final JsonIn in = element.asObject();
    in.onlyFields(Set.of("name", "peer_id", "addresses"));
    final String peerIdText = in.string("peer_id");
    final PeerId peerId;
    try {
      peerId = PeerId.fromBase58(peerIdText);
    } catch (final RuntimeException e) {
      throw in.fail(
          "peer_id", "'" + peerIdText + "' is not a libp2p peer id (" + e.getMessage() + ")");
    }
    if (!secp256k1Key(peerId).isPresent()) {
      throw in.fail("peer_id", "'" + peerIdText + "' does not embed a secp256k1 public key");
    }
    return new Operator(in.string("name"), peerId, in.array("addresses", ClusterJson::multiaddr));
  }

  /** The secp256k1 public key inlined in an identity-multihash peer id. */
  static Optional<io.dvc.p2p.crypto.Secp256k1PublicKey> secp256k1Key(final PeerId peerId) {
    return peerId
        .embeddedPublicKey()
        .filter(io.dvc.p2p.crypto.Secp256k1PublicKey.class::isInstance)
        .map(io.dvc.p2p.crypto.Secp256k1PublicKey.class::cast);
  }

  private static Multiaddr multiaddr(final JsonIn element) {
    final String text = element.asString();
    try {
      return Multiaddr.fromString(text);
    } catch (final RuntimeException e) {
      throw element.fail("'" + text + "' is not a multiaddr (" + e.getMessage() + ")");
    }
  }

  private static DistributedValidator validator(final JsonIn element) {
    final JsonIn in = element.asObject();
    in.onlyFields(
        Set.of("distributed_public_key", "public_shares", "feldman_commitments", "deposit_data"));
    return new DistributedValidator(
        publicKey(in.hex("distributed_public_key", BlsPublicKey.SIZE)),
        in.array("public_shares", e -> publicKey(e.asHex(BlsPublicKey.SIZE))),
        in.array("feldman_commitments", e -> publicKey(e.asHex(BlsPublicKey.SIZE))),
        depositData(in.object("deposit_data")));
  }

  private static BlsPublicKey publicKey(final Bytes bytes) {
    return BlsPublicKey.fromBytes(bytes.toArray());
  }

  static DepositData depositData(final JsonIn in) {
    in.onlyFields(Set.of("pubkey", "withdrawal_credentials", "amount", "signature"));
    return new DepositData(
        in.hex("pubkey", 48),
        in.hex("withdrawal_credentials", 32),
        in.uint("amount", Long.MAX_VALUE),
        in.hex("signature", 96));
  }

  private static Optional<Bytes> operatorSignature(final JsonIn element) {
    if (element.isNull()) {
      return Optional.empty();
    }
    final String text = element.asString();
    try {
      final byte[] der = Hex.decode(text);
      if (!JsonIn.LOWER_HEX.matcher(text).matches() || der.length < 8 || der.length > 72) {
        throw element.fail("not a 0x-hex DER secp256k1 signature");
      }
      return Optional.of(Bytes.of(der));
    } catch (final IllegalArgumentException e) {
      throw element.fail("not a 0x-hex DER secp256k1 signature (" + e.getMessage() + ")");
    }
  }

  // ---- writing ----

  public static String writeDefinition(final ClusterDefinition definition) {
    return write(definitionNode(definition));
  }

  public static String writeLock(final ClusterLock lock) {
    final ObjectNode root = MAPPER.createObjectNode();
    root.put("version", lock.version());
    root.set("definition", definitionNode(lock.definition()));
    final ArrayNode validators = root.putArray("distributed_validators");
    for (final DistributedValidator v : lock.validators()) {
      final ObjectNode node = validators.addObject();
      node.put("distributed_public_key", v.distributedPublicKey().toHex());
      final ArrayNode shares = node.putArray("public_shares");
      v.publicShares().forEach(k -> shares.add(k.toHex()));
      final ArrayNode commitments = node.putArray("feldman_commitments");
      v.feldmanCommitments().forEach(k -> commitments.add(k.toHex()));
      node.set("deposit_data", depositDataNode(v.depositData()));
    }
    lock.predecessorLockHash().ifPresent(h -> root.put("predecessor_lock_hash", h.toHex()));
    root.put("lock_hash", lock.lockHash().toHex());
    final ArrayNode signatures = root.putArray("operator_signatures");
    lock.operatorSignatures()
        .forEach(s -> s.ifPresentOrElse(b -> signatures.add(b.toHex()), signatures::addNull));
    root.put("aggregate_signature", lock.aggregateSignature().toHex());
    return write(root);
  }

  static ObjectNode depositDataNode(final DepositData data) {
    final ObjectNode node = MAPPER.createObjectNode();
    node.put("pubkey", data.pubkey().toHex());
    node.put("withdrawal_credentials", data.withdrawalCredentials().toHex());
    node.put("amount", data.amount());
    node.put("signature", data.signature().toHex());
    return node;
  }

  private static ObjectNode definitionNode(final ClusterDefinition d) {
    final ObjectNode root = MAPPER.createObjectNode();
    root.put("version", d.version());
    root.put("name", d.name());
    root.put("network", d.network().name());
    root.put("fork_version", d.network().genesisForkVersion().toHex());
    final ArrayNode operators = root.putArray("operators");
    for (final Operator o : d.operators()) {
      final ObjectNode node = operators.addObject();
      node.put("name", o.name());
      node.put("peer_id", o.peerId().toBase58());
      final ArrayNode addresses = node.putArray("addresses");
      o.addresses().forEach(a -> addresses.add(a.toString()));
    }
    root.put("threshold", d.threshold());
    root.put("num_validators", d.numValidators());
    root.put("withdrawal_address", d.withdrawalAddress().toHex());
    root.put("withdrawal_type", d.withdrawalType().text());
    root.put("fee_recipient", d.feeRecipient().toHex());
    root.put("deposit_amount_gwei", d.depositAmountGwei());
    return root;
  }

  static String write(final JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (final JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
