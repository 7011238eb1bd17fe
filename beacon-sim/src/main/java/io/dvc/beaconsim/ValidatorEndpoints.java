package io.dvc.beaconsim;

import static io.dvc.beaconsim.ApiSupport.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.beaconsim.ApiResponse.PoolFailure;
import io.dvc.spec.ForkName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attester's and sync committee's endpoints: attester and sync duties, attestation data,
 * attestation submission (v1 phase0 form, v2 by Eth-Consensus-Version); subscriptions live in
 * {@link AggregationEndpoints}.
 */
final class ValidatorEndpoints {
  private static final Pattern DUTIES =
      Pattern.compile("/eth/v1/validator/duties/(attester|sync)/([^/]+)");

  private final SimChain chain;
  private final AttestationPool pool;

  ValidatorEndpoints(final SimChain chain, final AttestationPool pool) {
    this.chain = chain;
    this.pool = pool;
  }

  /** The response when the path is one of these endpoints, else empty. */
  Optional<ApiResponse> route(final ApiRequest r, final String path) {
    final boolean get = "GET".equals(r.method());
    final boolean post = "POST".equals(r.method());
    switch (path) {
      case "/eth/v1/validator/attestation_data":
        return Optional.of(only(get, r, () -> attestationData(r)));
      case "/eth/v1/beacon/pool/attestations":
        return Optional.of(only(post, r, () -> submitAttestations(r, false)));
      case "/eth/v2/beacon/pool/attestations":
        return Optional.of(only(post, r, () -> submitAttestations(r, true)));
      default:
        break;
    }
    final Matcher m = DUTIES.matcher(path);
    if (m.matches()) {
      final long epoch = ApiSupport.uint64(m.group(2), "epoch");
      return Optional.of(
          switch (m.group(1)) {
            case "attester" -> only(post, r, () -> attesterDuties(epoch, r));
            default -> only(post, r, () -> syncDuties(epoch, r));
          });
    }
    return Optional.empty();
  }

  private void checkDutyEpoch(final long epoch) {
    final long current = chain.currentEpoch();
    if (epoch > current + 1 || epoch < 0) {
      throw ApiException.badRequest(
          "duties for epoch "
              + Long.toUnsignedString(epoch)
              + " are not available: current epoch is "
              + current
              + ", at most "
              + (current + 1));
    }
  }

  private ApiResponse attesterDuties(final long epoch, final ApiRequest r) {
    checkDutyEpoch(epoch);
    final List<Integer> indices = validatorIndices(r);
    final ArrayNode data = F.arrayNode();
    for (final int index : indices) {
      final CommitteeAssignment a = chain.assignment(epoch, index);
      if (a == null) {
        continue;
      }
      data.addObject()
          .put("pubkey", chain.validators().get(index).publicKey().toHex())
          .put("validator_index", Integer.toString(index))
          .put("committee_index", Integer.toString(a.committeeIndex()))
          .put("committee_length", Integer.toString(a.committeeLength()))
          .put("committees_at_slot", Integer.toString(a.committeesAtSlot()))
          .put("validator_committee_index", Integer.toString(a.validatorCommitteeIndex()))
          .put("slot", Long.toString(a.slot()));
    }
    final ObjectNode body =
        F.objectNode()
            .put("dependent_root", chain.attesterDependentRoot(epoch).toHex())
            .put("execution_optimistic", false);
    body.set("data", data);
    return ApiResponse.ok(body);
  }

  private ApiResponse syncDuties(final long epoch, final ApiRequest r) {
    final long period = chain.syncCommitteePeriod(epoch);
    final long currentPeriod = chain.syncCommitteePeriod(chain.currentEpoch());
    if (epoch < 0 || period > currentPeriod + 1) {
      throw ApiException.badRequest(
          "sync duties for epoch "
              + Long.toUnsignedString(epoch)
              + " are not available: its sync committee period "
              + period
              + " is past the next one ("
              + (currentPeriod + 1)
              + ")");
    }
    final List<Integer> indices = validatorIndices(r);
    final int[] committee = chain.syncCommittee(period);
    final ArrayNode data = F.arrayNode();
    for (final int index : indices) {
      final ArrayNode positions = F.arrayNode();
      for (int i = 0; i < committee.length; i++) {
        if (committee[i] == index) {
          positions.add(Integer.toString(i));
        }
      }
      if (!positions.isEmpty()) {
        data.addObject()
            .put("pubkey", chain.validators().get(index).publicKey().toHex())
            .put("validator_index", Integer.toString(index))
            .set("validator_sync_committee_indices", positions);
      }
    }
    final ObjectNode body = F.objectNode().put("execution_optimistic", false);
    body.set("data", data);
    return ApiResponse.ok(body);
  }

  private List<Integer> validatorIndices(final ApiRequest r) {
    final JsonNode body = parseBody(r);
    if (!body.isArray()) {
      throw ApiException.badRequest("request body must be a JSON array of validator indices");
    }
    final List<Integer> indices = new ArrayList<>();
    for (final JsonNode item : body) {
      final String text =
          item.isTextual() ? item.textValue() : item.isIntegralNumber() ? item.asText() : null;
      if (text == null || !text.matches("[0-9]{1,18}")) {
        throw ApiException.badRequest("invalid validator index: " + item);
      }
      final long index = Long.parseLong(text);
      if (index >= chain.validators().size()) {
        throw ApiException.badRequest("unknown validator index: " + index);
      }
      indices.add((int) index);
    }
    return indices;
  }

  private ApiResponse attestationData(final ApiRequest r) {
    final long slot = uint64(single(r, "slot"), "slot");
    final long committeeIndex = uint64(single(r, "committee_index"), "committee_index");
    final long head = chain.headSlot();
    if (slot > head || slot < 0) {
      throw ApiException.badRequest(
          "slot " + Long.toUnsignedString(slot) + " is in the future (head slot " + head + ")");
    }
    if (committeeIndex >= chain.committeesPerSlot() || committeeIndex < 0) {
      throw ApiException.badRequest(
          "committee_index "
              + Long.toUnsignedString(committeeIndex)
              + " does not exist: "
              + chain.committeesPerSlot()
              + " committees per slot");
    }
    return ApiResponse.ok(
        data(
            chain
                .schedule()
                .schemas()
                .attestationData
                .toJson(chain.attestationData(slot, committeeIndex))));
  }

  private ApiResponse submitAttestations(final ApiRequest r, final boolean v2) {
    Optional<ForkName> version = Optional.empty();
    if (v2) {
      final String header = r.header("Eth-Consensus-Version");
      if (header == null || header.isBlank()) {
        throw ApiException.badRequest("missing Eth-Consensus-Version header");
      }
      try {
        version = Optional.of(ForkName.fromJsonName(header.trim()));
      } catch (final IllegalArgumentException e) {
        throw ApiException.badRequest("invalid Eth-Consensus-Version header: " + header);
      }
    }
    final JsonNode body = parseBody(r);
    if (!body.isArray()) {
      throw ApiException.badRequest("request body must be a JSON array of attestations");
    }
    final List<PoolFailure> failures = pool.submit(body, version);
    if (failures.isEmpty()) {
      return ApiResponse.empty();
    }
    return ApiResponse.indexedError("some attestations were refused", failures);
  }

  private static ApiResponse only(
      final boolean allowed,
      final ApiRequest r,
      final java.util.function.Supplier<ApiResponse> handler) {
    return ApiSupport.only(allowed, r, handler);
  }

  private static JsonNode parseBody(final ApiRequest r) {
    return ApiSupport.parseBody(r);
  }

  private static String single(final ApiRequest r, final String name) {
    return ApiSupport.single(r, name);
  }

  private static long uint64(final String text, final String what) {
    return ApiSupport.uint64(text, what);
  }

  private static ObjectNode data(final JsonNode value) {
    return ApiSupport.data(value);
  }
}
