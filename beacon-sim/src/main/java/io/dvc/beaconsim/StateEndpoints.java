package io.dvc.beaconsim;

import static io.dvc.beaconsim.ApiSupport.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.bls.BlsPublicKey;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.BeaconBlockHeader;
import io.dvc.spec.types.Checkpoint;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state and block reads: {@code /eth/v1/beacon/states/{state_id}/...} (fork, finality
 * checkpoints, validators), {@code /eth/v1/beacon/headers/{block_id}} and {@code
 * /eth/v1/beacon/blocks/{block_id}/root}. A slot without a block (a missed cluster proposal) has a
 * state but no block.
 */
final class StateEndpoints {
  private static final Pattern STATE = Pattern.compile("/eth/v1/beacon/states/([^/]+)/(.+)");
  private static final Pattern HEADER = Pattern.compile("/eth/v1/beacon/headers/([^/]+)");
  private static final Pattern BLOCK_ROOT = Pattern.compile("/eth/v1/beacon/blocks/([^/]+)/root");
  private static final Pattern VALIDATOR = Pattern.compile("validators/([^/]+)");

  private final SimChain chain;
  private final ExitRegistry exits;

  StateEndpoints(final SimChain chain) {
    this(chain, new ExitRegistry());
  }

  StateEndpoints(final SimChain chain, final ExitRegistry exits) {
    this.chain = chain;
    this.exits = exits;
  }

  /** The response when the path is one of these endpoints, else empty. */
  Optional<ApiResponse> route(final ApiRequest r, final String path) {
    final boolean get = "GET".equals(r.method());
    final boolean post = "POST".equals(r.method());
    Matcher m = STATE.matcher(path);
    if (m.matches()) {
      return Optional.of(stateRoute(r, get, post, m.group(1), m.group(2)));
    }
    m = HEADER.matcher(path);
    if (m.matches()) {
      final String blockId = m.group(1);
      return Optional.of(only(get, r, () -> header(blockId)));
    }
    m = BLOCK_ROOT.matcher(path);
    if (m.matches()) {
      final String blockId = m.group(1);
      return Optional.of(only(get, r, () -> blockRoot(blockId)));
    }
    return Optional.empty();
  }

  private ApiResponse stateRoute(
      final ApiRequest r,
      final boolean get,
      final boolean post,
      final String stateId,
      final String rest) {
    final long slot = stateSlot(stateId);
    switch (rest) {
      case "fork":
        return only(get, r, () -> stateFork(slot));
      case "finality_checkpoints":
        return only(get, r, () -> finality(slot));
      case "validators":
        if (get) {
          return validators(slot, r.queryValues("id"), r.queryValues("status"));
        }
        return only(post, r, () -> postValidators(slot, r));
      default:
        break;
    }
    final Matcher m = VALIDATOR.matcher(rest);
    if (m.matches()) {
      final String id = m.group(1);
      return only(
          get,
          r,
          () -> {
            final List<SimValidator> found = lookup(List.of(id));
            if (found.isEmpty()) {
              throw ApiException.notFound("validator " + id + " not found");
            }
            return ApiResponse.ok(stateEnvelope(slot).set("data", validatorJson(found.get(0))));
          });
    }
    throw ApiException.notFound("no such endpoint: " + r.method() + " " + r.path());
  }

  private long stateSlot(final String stateId) {
    final long head = chain.headSlot();
    final long epoch = chain.epochOf(head);
    switch (stateId) {
      case "head":
        return head;
      case "genesis":
        return 0;
      case "finalized":
        return chain.startSlot(chain.finalized(epoch).epoch());
      case "justified":
        return chain.startSlot(chain.justified(epoch).epoch());
      default:
        break;
    }
    if (stateId.matches("[0-9]{1,18}")) {
      final long slot = Long.parseLong(stateId);
      if (slot > head) {
        throw ApiException.notFound(
            "state at slot " + slot + " not found (head slot " + head + ")");
      }
      return slot;
    }
    if (stateId.matches("0x[0-9a-fA-F]{64}")) {
      final Bytes root = Bytes.fromHex(stateId);
      for (long slot = head; slot >= 0; slot--) {
        if (chain.stateRoot(slot).equals(root)) {
          return slot;
        }
      }
      throw ApiException.notFound("state " + stateId + " not found");
    }
    throw ApiException.badRequest("invalid state ID: " + stateId);
  }

  /** The slot of the block a block_id names (an empty slot has no block: 404). */
  long blockSlot(final String blockId) {
    final long head = chain.headSlot();
    final long epoch = chain.epochOf(head);
    switch (blockId) {
      case "head":
        return chain.headBlockSlot();
      case "genesis":
        return 0;
      case "finalized":
        return chain.slotOfBlock(chain.finalized(epoch).root()).orElse(0L);
      case "justified":
        return chain.slotOfBlock(chain.justified(epoch).root()).orElse(0L);
      default:
        break;
    }
    if (blockId.matches("[0-9]{1,18}")) {
      final long slot = Long.parseLong(blockId);
      if (slot > head) {
        throw ApiException.notFound(
            "block at slot " + slot + " not found (head slot " + head + ")");
      }
      if (chain.blockAt(slot).isEmpty()) {
        throw ApiException.notFound("no block at slot " + slot + " (missed proposal)");
      }
      return slot;
    }
    if (blockId.matches("0x[0-9a-fA-F]{64}")) {
      return chain
          .slotOfBlock(Bytes.fromHex(blockId))
          .orElseThrow(() -> ApiException.notFound("block " + blockId + " not found"));
    }
    throw ApiException.badRequest("invalid block ID: " + blockId);
  }

  private ObjectNode stateEnvelope(final long slot) {
    final long finalizedSlot = chain.startSlot(chain.finalized(chain.currentEpoch()).epoch());
    return F.objectNode()
        .put("execution_optimistic", false)
        .put(
            "finalized",
            slot <= finalizedSlot && chain.finalized(chain.currentEpoch()).epoch() > 0);
  }

  private ApiResponse stateFork(final long slot) {
    return ApiResponse.ok(
        stateEnvelope(slot)
            .set("data", ApiSupport.forkJson(chain.schedule().forkObjectAt(chain.epochOf(slot)))));
  }

  private ApiResponse finality(final long slot) {
    final long epoch = chain.epochOf(slot);
    final ObjectNode body =
        F.objectNode().set("previous_justified", checkpoint(chain.previousJustified(epoch)));
    body.set("current_justified", checkpoint(chain.justified(epoch)));
    body.set("finalized", checkpoint(chain.finalized(epoch)));
    return ApiResponse.ok(stateEnvelope(slot).set("data", body));
  }

  private ApiResponse postValidators(final long slot, final ApiRequest r) {
    final JsonNode body = r.body().isBlank() ? F.objectNode() : parseBody(r);
    if (!body.isObject() && !body.isNull()) {
      throw ApiException.badRequest("request body must be an object with ids and statuses");
    }
    return validators(
        slot, strings(body.get("ids"), "ids"), strings(body.get("statuses"), "statuses"));
  }

  private ApiResponse validators(
      final long slot, final List<String> ids, final List<String> statuses) {
    for (final String status : statuses) {
      if (!VALIDATOR_STATUSES.contains(status)) {
        throw ApiException.badRequest("invalid validator status: " + status);
      }
    }
    final List<SimValidator> chosen = ids.isEmpty() ? chain.validators() : lookup(ids);
    final ArrayNode data = F.arrayNode();
    final long epoch = chain.epochOf(slot);
    for (final SimValidator v : chosen) {
      final String status = exits.status(v.index(), epoch);
      if (statuses.isEmpty()
          || statuses.contains(status)
          || statuses.contains(status.substring(0, status.indexOf('_')))) {
        data.add(validatorJson(v));
      }
    }
    return ApiResponse.ok(stateEnvelope(slot).set("data", data));
  }

  private static final Set<String> VALIDATOR_STATUSES =
      Set.of(
          "pending_initialized",
          "pending_queued",
          "active_ongoing",
          "active_exiting",
          "active_slashed",
          "exited_unslashed",
          "exited_slashed",
          "withdrawal_possible",
          "withdrawal_done",
          "active",
          "pending",
          "exited",
          "withdrawal");

  /** Validators by index or 0x pubkey; unknown ones are left out, as beacon nodes do. */
  private List<SimValidator> lookup(final List<String> ids) {
    final Set<SimValidator> found = new LinkedHashSet<>();
    for (final String id : ids) {
      if (id.matches("[0-9]{1,18}")) {
        chain.validator(Long.parseLong(id)).ifPresent(found::add);
      } else if (id.matches("0x[0-9a-fA-F]{96}")) {
        chain.validator(BlsPublicKey.fromHex(id)).ifPresent(found::add);
      } else {
        throw ApiException.badRequest("invalid validator ID: " + id);
      }
    }
    return List.copyOf(found);
  }

  private ObjectNode validatorJson(final SimValidator v) {
    final String balance = Long.toString(chain.parameters().maxEffectiveBalance());
    final java.util.OptionalLong exitEpoch = exits.exitEpoch(v.index());
    final String far = ConfigSpec.FAR_FUTURE_EPOCH;
    final ObjectNode validator =
        F.objectNode()
            .put("pubkey", v.publicKey().toHex())
            .put("withdrawal_credentials", withdrawalCredentials(v))
            .put("effective_balance", balance)
            .put("slashed", false)
            .put("activation_eligibility_epoch", "0")
            .put("activation_epoch", "0")
            .put("exit_epoch", exitEpoch.isPresent() ? Long.toString(exitEpoch.getAsLong()) : far)
            .put(
                "withdrawable_epoch",
                exitEpoch.isPresent()
                    ? Long.toString(
                        exitEpoch.getAsLong() + ExitRegistry.MIN_VALIDATOR_WITHDRAWABILITY_DELAY)
                    : far);
    final ObjectNode node =
        F.objectNode()
            .put("index", Integer.toString(v.index()))
            .put("balance", balance)
            .put("status", exits.status(v.index(), chain.currentEpoch()));
    node.set("validator", validator);
    return node;
  }

  private static String withdrawalCredentials(final SimValidator v) {
    final byte[] hash = io.dvc.spec.ssz.Sha256.hash(v.publicKey().toBytes());
    hash[0] = 0;
    return Bytes.of(hash).toHex();
  }

  private ApiResponse header(final String blockId) {
    final long slot = blockSlot(blockId);
    final BeaconBlockHeader header = chain.header(slot);
    final ObjectNode message =
        (ObjectNode) chain.schedule().schemas().beaconBlockHeader.toJson(header);
    final ObjectNode signed = F.objectNode();
    signed.set("message", message);
    signed.put("signature", "0xc0" + "00".repeat(95));
    final ObjectNode data =
        F.objectNode().put("root", chain.blockRoot(slot).toHex()).put("canonical", true);
    data.set("header", signed);
    return ApiResponse.ok(stateEnvelope(slot).set("data", data));
  }

  private ApiResponse blockRoot(final String blockId) {
    final long slot = blockSlot(blockId);
    return ApiResponse.ok(
        stateEnvelope(slot).set("data", F.objectNode().put("root", chain.blockRoot(slot).toHex())));
  }

  private static ObjectNode checkpoint(final Checkpoint c) {
    return F.objectNode().put("epoch", Long.toString(c.epoch())).put("root", c.root().toHex());
  }

  /** The data of a head event at a slot (topic {@code head}). */
  private static ApiResponse only(
      final boolean allowed,
      final ApiRequest r,
      final java.util.function.Supplier<ApiResponse> handler) {
    return ApiSupport.only(allowed, r, handler);
  }

  private static JsonNode parseBody(final ApiRequest r) {
    return ApiSupport.parseBody(r);
  }

  private static List<String> strings(final JsonNode node, final String field) {
    return ApiSupport.strings(node, field);
  }
}
