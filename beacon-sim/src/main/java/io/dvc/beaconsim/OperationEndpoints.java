package io.dvc.beaconsim;

import static io.dvc.beaconsim.ApiSupport.F;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dvc.beaconsim.ApiResponse.PoolFailure;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import io.dvc.spec.types.SignedVoluntaryExit;
import io.dvc.spec.types.ValidatorRegistrationV1;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builder registrations ({@code POST /eth/v1/validator/register_validator}: signature under the
 * builder domain checked, recorded per epoch), voluntary exits ({@code POST
 * /eth/v1/beacon/pool/voluntary_exits}: signature under the EIP-7044 domain checked, the exit
 * recorded in the registry; {@code GET} lists the pool) and liveness ({@code POST
 * /eth/v1/validator/liveness/{epoch}}: live when an attestation of the epoch was included, or when
 * the validator is marked live elsewhere).
 */
final class OperationEndpoints {
  /** Epochs a validator must have been active before it may exit (a dev chain's value). */
  static final long SHARD_COMMITTEE_PERIOD = 0;

  private static final Pattern LIVENESS = Pattern.compile("/eth/v1/validator/liveness/([^/]+)");
  private static final long MAX_FUTURE_TIMESTAMP_SECONDS = 10;

  private final SimChain chain;
  private final AttestationLedger attestations;
  private final ExitRegistry registry;
  private final OperationLedger ledger;
  private final SigningRoots roots;
  private final Map<Integer, SignedVoluntaryExit> pool = new HashMap<>();

  /**
   * The last verified registration per pubkey: the same one again is not verified again, also when
   * it arrives from several nodes at once.
   */
  private final Map<Bytes, SignedValidatorRegistrationV1> verified =
      new java.util.concurrent.ConcurrentHashMap<>();

  OperationEndpoints(
      final SimChain chain,
      final AttestationLedger attestations,
      final ExitRegistry registry,
      final OperationLedger ledger) {
    this.chain = chain;
    this.attestations = attestations;
    this.registry = registry;
    this.ledger = ledger;
    this.roots = new SigningRoots(chain.schedule());
  }

  Optional<ApiResponse> route(final ApiRequest r, final String path) {
    final boolean get = "GET".equals(r.method());
    final boolean post = "POST".equals(r.method());
    switch (path) {
      case "/eth/v1/validator/register_validator":
        return Optional.of(ApiSupport.only(post, r, () -> register(r)));
      case "/eth/v1/beacon/pool/voluntary_exits":
        return Optional.of(post ? exit(r) : ApiSupport.only(get, r, this::exitPool));
      default:
        break;
    }
    final Matcher m = LIVENESS.matcher(path);
    if (m.matches()) {
      return Optional.of(
          ApiSupport.only(post, r, () -> liveness(ApiSupport.uint64(m.group(1), "epoch"), r)));
    }
    return Optional.empty();
  }

  private ApiResponse register(final ApiRequest r) {
    final JsonNode body = ApiSupport.parseBody(r);
    if (!body.isArray()) {
      throw ApiException.badRequest("request body must be a JSON array of registrations");
    }
    final long epoch = chain.currentEpoch();
    final List<PoolFailure> failures = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      final Optional<String[]> refusal = registration(body.get(i), epoch);
      if (refusal.isPresent()) {
        ledger.registrationRejected(refusal.get()[0]);
        failures.add(new PoolFailure(i, refusal.get()[0], refusal.get()[1]));
      }
    }
    return failures.isEmpty()
        ? ApiResponse.empty()
        : ApiResponse.indexedError("some registrations were refused", failures);
  }

  /** Empty when valid (then recorded), else {reason code, message}. */
  private Optional<String[]> registration(final JsonNode json, final long epoch) {
    final SignedValidatorRegistrationV1 signed;
    try {
      signed = Schemas.MAINNET.signedValidatorRegistrationV1.fromJson(json);
    } catch (final RuntimeException e) {
      return refused(
          "malformed", "malformed registration: " + ApiSupport.firstLine(e.getMessage()));
    }
    final ValidatorRegistrationV1 message = signed.message();
    final Optional<SimValidator> validator = validatorOf(message.pubkey());
    if (validator.isEmpty()) {
      return refused("unknown_validator", "unknown validator " + message.pubkey().toHex());
    }
    final long now = chain.clock().time().currentTimeMillis() / 1000;
    if (message.timestamp() > now + MAX_FUTURE_TIMESTAMP_SECONDS) {
      return refused(
          "future_timestamp",
          "timestamp " + Long.toUnsignedString(message.timestamp()) + " is in the future");
    }
    // compute: when every operator node posts the same registration, it is verified once, also when
    // the posts are handled at once (4 x 625 signature checks per slot at 20,000 validators
    // otherwise, on the machine that runs the nodes).
    final boolean[] valid = {true};
    verified.compute(
        message.pubkey(),
        (key, last) -> {
          if (signed.equals(last)) {
            return last;
          }
          if (verifies(validator.get(), roots.validatorRegistration(message), signed.signature())) {
            return signed;
          }
          valid[0] = false;
          return last;
        });
    if (!valid[0]) {
      return refused(
          "invalid_signature",
          "signature of validator " + validator.get().index() + " does not verify");
    }
    ledger.registration(epoch, validator.get().index());
    return Optional.empty();
  }

  private synchronized ApiResponse exit(final ApiRequest r) {
    final JsonNode body = ApiSupport.parseBody(r);
    final SignedVoluntaryExit signed;
    try {
      signed = Schemas.MAINNET.signedVoluntaryExit.fromJson(body);
    } catch (final RuntimeException e) {
      return rejectExit(
          "malformed", "malformed voluntary exit: " + ApiSupport.firstLine(e.getMessage()));
    }
    final long index = signed.message().validatorIndex();
    final long epoch = signed.message().epoch();
    final long current = chain.currentEpoch();
    final Optional<SimValidator> validator = chain.validator(index);
    if (validator.isEmpty()) {
      return rejectExit("unknown_validator", "unknown validator " + Long.toUnsignedString(index));
    }
    final SignedVoluntaryExit known = pool.get((int) index);
    if (known != null && known.equals(signed)) {
      ledger.exitDuplicate();
      return ApiResponse.empty();
    }
    if (registry.exitEpoch((int) index).isPresent()) {
      return rejectExit("already_exiting", "validator " + index + " is already exiting");
    }
    if (Long.compareUnsigned(epoch, current) > 0) {
      return rejectExit(
          "future_epoch",
          "exit epoch " + Long.toUnsignedString(epoch) + " is after the current epoch " + current);
    }
    if (current < SHARD_COMMITTEE_PERIOD) {
      return rejectExit(
          "too_young", "validator " + index + " has not been active for SHARD_COMMITTEE_PERIOD");
    }
    if (!verifies(
        validator.get(), roots.voluntaryExit(signed.message(), current), signed.signature())) {
      return rejectExit(
          "invalid_signature",
          "signature of the exit of validator "
              + index
              + " does not verify (domain: DOMAIN_VOLUNTARY_EXIT with the EIP-7044 fork version)");
    }
    final long exitEpoch = registry.initiate((int) index, current);
    pool.put((int) index, signed);
    ledger.exit((int) index, epoch, exitEpoch);
    return ApiResponse.empty();
  }

  private ApiResponse rejectExit(final String reason, final String message) {
    ledger.exitRejected(reason);
    return ApiResponse.error(400, message);
  }

  private synchronized ApiResponse exitPool() {
    final ArrayNode data = F.arrayNode();
    new java.util.TreeMap<>(pool)
        .values()
        .forEach(e -> data.add(Schemas.MAINNET.signedVoluntaryExit.toJson(e)));
    return ApiResponse.ok(ApiSupport.data(data));
  }

  private ApiResponse liveness(final long epoch, final ApiRequest r) {
    final long current = chain.currentEpoch();
    if (epoch > current) {
      throw ApiException.badRequest(
          "liveness of epoch "
              + Long.toUnsignedString(epoch)
              + " is not known: current epoch is "
              + current);
    }
    final JsonNode body = ApiSupport.parseBody(r);
    if (!body.isArray()) {
      throw ApiException.badRequest("request body must be a JSON array of validator indices");
    }
    final ArrayNode data = F.arrayNode();
    for (final JsonNode item : body) {
      final String text = item.isTextual() ? item.textValue() : null;
      if (text == null || !text.matches("[0-9]{1,18}")) {
        throw ApiException.badRequest("invalid validator index: " + item);
      }
      final long index = Long.parseLong(text);
      if (index >= chain.validators().size()) {
        throw ApiException.badRequest("unknown validator index: " + index);
      }
      final boolean live =
          attestations.wasIncluded(epoch, (int) index) || ledger.isLiveElsewhere((int) index);
      data.addObject().put("index", text).put("is_live", live);
    }
    return ApiResponse.ok(ApiSupport.data(data));
  }

  private Optional<SimValidator> validatorOf(final Bytes pubkey) {
    try {
      return chain.validator(io.dvc.bls.BlsPublicKey.fromBytes(pubkey.toArray()));
    } catch (final RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean verifies(
      final SimValidator validator, final Bytes root, final Bytes signature) {
    try {
      return Bls.verify(
          validator.publicKey(), root.toArray(), BlsSignature.fromBytes(signature.toArray()));
    } catch (final RuntimeException e) {
      return false;
    }
  }

  private static Optional<String[]> refused(final String reason, final String message) {
    return Optional.of(new String[] {reason, message});
  }
}
