package io.dvc.beaconsim;

import static io.dvc.beaconsim.ApiSupport.F;
import static io.dvc.beaconsim.ApiSupport.only;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.spec.ForkName;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BlockContents;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proposer's endpoints: proposer duties (v1, and v2 with the Fulu dependent root),
 * prepare_beacon_proposer, block production (v3, and the older v2 for full blocks) and block
 * publication (full and blinded, JSON or SSZ).
 */
final class BlockEndpoints {
  private static final Pattern PROPOSER_DUTIES =
      Pattern.compile("/eth/v([12])/validator/duties/proposer/([^/]+)");
  private static final Pattern PRODUCE = Pattern.compile("/eth/v([23])/validator/blocks/([^/]+)");
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final SimChain chain;
  private final ProposalLedger ledger;
  private final BlockFactory factory;
  private final BlockPublisher publisher;

  BlockEndpoints(
      final SimChain chain,
      final ProposalLedger ledger,
      final BlockFactory factory,
      final BlockPublisher publisher) {
    this.chain = chain;
    this.ledger = ledger;
    this.factory = factory;
    this.publisher = publisher;
  }

  /** The response when the path is one of these endpoints, else empty. */
  Optional<ApiResponse> route(final ApiRequest r, final String path) {
    final boolean get = "GET".equals(r.method());
    final boolean post = "POST".equals(r.method());
    switch (path) {
      case "/eth/v1/validator/prepare_beacon_proposer":
        return Optional.of(only(post, r, () -> prepare(r)));
      case "/eth/v2/beacon/blocks":
        return Optional.of(only(post, r, () -> publisher.publish(r, false)));
      case "/eth/v2/beacon/blinded_blocks":
        return Optional.of(only(post, r, () -> publisher.publish(r, true)));
      default:
        break;
    }
    Matcher m = PROPOSER_DUTIES.matcher(path);
    if (m.matches()) {
      final boolean v2 = "2".equals(m.group(1));
      final long epoch = ApiSupport.uint64(m.group(2), "epoch");
      return Optional.of(only(get, r, () -> proposerDuties(epoch, v2)));
    }
    m = PRODUCE.matcher(path);
    if (m.matches()) {
      final boolean v3 = "3".equals(m.group(1));
      final long slot = ApiSupport.uint64(m.group(2), "slot");
      return Optional.of(only(get, r, () -> produce(r, slot, v3)));
    }
    return Optional.empty();
  }

  private ApiResponse proposerDuties(final long epoch, final boolean v2) {
    final long current = chain.currentEpoch();
    if (epoch > current + 1) {
      throw ApiException.badRequest(
          "proposer duties for epoch "
              + Long.toUnsignedString(epoch)
              + " are not available: current epoch is "
              + current
              + ", at most "
              + (current + 1));
    }
    final ArrayNode data = F.arrayNode();
    for (long slot = chain.startSlot(epoch); slot < chain.startSlot(epoch + 1); slot++) {
      final int proposer = chain.proposerIndex(slot);
      data.addObject()
          .put("pubkey", chain.validators().get(proposer).publicKey().toHex())
          .put("validator_index", Integer.toString(proposer))
          .put("slot", Long.toString(slot));
    }
    final Bytes dependentRoot =
        v2
            ? (epoch <= 1
                ? chain.genesisBlockRoot()
                : chain.blockRoot(chain.startSlot(epoch - 1) - 1))
            : chain.proposerDependentRoot(epoch);
    final ObjectNode body =
        F.objectNode()
            .put("dependent_root", dependentRoot.toHex())
            .put("execution_optimistic", false);
    body.set("data", data);
    return ApiResponse.ok(body);
  }

  private ApiResponse prepare(final ApiRequest r) {
    final JsonNode body = ApiSupport.parseBody(r);
    if (!body.isArray()) {
      throw ApiException.badRequest(
          "request body must be a JSON array of {validator_index, fee_recipient}");
    }
    final List<Map.Entry<Integer, Bytes>> entries = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      final JsonNode item = body.get(i);
      final JsonNode index = item.get("validator_index");
      final JsonNode recipient = item.get("fee_recipient");
      if (index == null || !index.isTextual() || recipient == null || !recipient.isTextual()) {
        throw ApiException.badRequest(
            "item " + i + ": validator_index and fee_recipient must be strings");
      }
      final long validator = ApiSupport.uint64(index.textValue(), "validator_index of item " + i);
      final Bytes address = ApiSupport.hex(recipient.textValue(), 20, "fee_recipient of item " + i);
      // unknown or inactive indices are accepted (they may become active later)
      if (validator < chain.validators().size()) {
        entries.add(Map.entry((int) validator, address));
      }
    }
    entries.forEach(e -> ledger.prepare(e.getKey(), e.getValue()));
    return ApiResponse.empty();
  }

  private ApiResponse produce(final ApiRequest r, final long slot, final boolean v3) {
    final Bytes randao = ApiSupport.hex(ApiSupport.single(r, "randao_reveal"), 96, "randao_reveal");
    final Bytes graffiti =
        ApiSupport.optional(r, "graffiti")
            .map(g -> ApiSupport.hex(g, 32, "graffiti"))
            .orElse(Bytes.zero(32));
    final boolean skipRandao = r.query().containsKey("skip_randao_verification");
    Optional<BigInteger> boost = Optional.empty();
    if (v3) {
      boost = ApiSupport.optional(r, "builder_boost_factor").map(BlockEndpoints::boostFactor);
    }
    final BlockFactory.Produced produced =
        factory.produce(slot, randao, skipRandao, graffiti, boost, v3);
    final ForkName fork = produced.fork();
    final ForkSchemas schemas = chain.schedule().schemas().at(fork);
    final Map<String, String> headers =
        v3
            ? Map.of(
                "Eth-Consensus-Version", fork.jsonName(),
                "Eth-Execution-Payload-Blinded", Boolean.toString(produced.blinded()),
                "Eth-Execution-Payload-Value", produced.executionValue().toString(),
                "Eth-Consensus-Block-Value", produced.consensusValue().toString())
            : Map.of("Eth-Consensus-Version", fork.jsonName());
    if (r.acceptsSsz()) {
      return ApiResponse.ssz(ssz(produced, schemas), headers);
    }
    final ObjectNode body = F.objectNode().put("version", fork.jsonName());
    if (v3) {
      body.put("execution_payload_blinded", produced.blinded())
          .put("execution_payload_value", produced.executionValue().toString())
          .put("consensus_block_value", produced.consensusValue().toString());
    }
    body.set("data", json(produced, schemas));
    return ApiResponse.ok(body, headers);
  }

  private JsonNode json(final BlockFactory.Produced produced, final ForkSchemas schemas) {
    if (produced.blinded()) {
      return schemas
          .blindedBeaconBlock()
          .orElseThrow()
          .toJson(produced.blindedBlock(factory.blinding()));
    }
    if (schemas.blockContents().isPresent()) {
      return schemas.blockContents().get().toJson(contents(produced));
    }
    return schemas.beaconBlock().toJson(produced.block());
  }

  private byte[] ssz(final BlockFactory.Produced produced, final ForkSchemas schemas) {
    if (produced.blinded()) {
      return schemas
          .blindedBeaconBlock()
          .orElseThrow()
          .serialize(produced.blindedBlock(factory.blinding()));
    }
    if (schemas.blockContents().isPresent()) {
      return schemas.blockContents().get().serialize(contents(produced));
    }
    return schemas.beaconBlock().serialize(produced.block());
  }

  private static BlockContents contents(final BlockFactory.Produced produced) {
    return new BlockContents(
        produced.block(), produced.payload().proofs(), produced.payload().blobs());
  }

  private static BigInteger boostFactor(final String text) {
    if (!text.matches("[0-9]{1,20}") || new BigInteger(text).compareTo(UINT64_MAX) > 0) {
      throw ApiException.badRequest("invalid builder_boost_factor: " + text);
    }
    return new BigInteger(text);
  }
}
