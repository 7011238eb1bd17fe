package io.dvc.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dvc.bls.Bls;
import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSignature;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import io.dvc.spec.types.SignedVoluntaryExit;
import io.dvc.spec.types.ValidatorRegistrationV1;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The fake chain's builder registrations, voluntary exits and liveness: every signature is checked
 * (registrations under the builder domain, exits under the EIP-7044 domain at the current epoch),
 * valid ones are recorded, and a validator is live in an epoch when it attested in it or a test
 * marked it live elsewhere.
 */
public final class FakeOperations {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final FakeChain chain;
  private final Set<Long> liveElsewhere = ConcurrentHashMap.newKeySet();
  private final Map<Long, Set<Long>> registeredByEpoch = new TreeMap<>();
  private final Map<Long, SignedVoluntaryExit> exits = new TreeMap<>();
  private final Map<Long, ValidatorRegistrationV1> lastRegistrations = new TreeMap<>();
  private volatile LongSupplier currentEpoch = () -> 0;
  private int invalidRegistrations;
  private int invalidExits;
  private int exitSubmissions;

  FakeOperations(final FakeChain chain) {
    this.chain = chain;
  }

  /** Where the current epoch comes from (the exit domain and registrations depend on it). */
  public void setClock(final LongSupplier epoch) {
    this.currentEpoch = epoch;
  }

  /** Makes a validator live in every epoch, as if another copy of it were running. */
  public void markLiveElsewhere(final long validator) {
    liveElsewhere.add(validator);
  }

  public synchronized Map<Long, Set<Long>> registeredByEpoch() {
    final Map<Long, Set<Long>> copy = new TreeMap<>();
    registeredByEpoch.forEach((e, v) -> copy.put(e, Set.copyOf(v)));
    return copy;
  }

  /** The last valid registration of each validator, by index. */
  public synchronized List<ValidatorRegistrationV1> lastRegistrations() {
    return List.copyOf(lastRegistrations.values());
  }

  public synchronized Map<Long, SignedVoluntaryExit> exits() {
    return new TreeMap<>(exits);
  }

  public synchronized int invalidRegistrations() {
    return invalidRegistrations;
  }

  public synchronized int invalidExits() {
    return invalidExits;
  }

  /** Every exit submission (each node of a cluster submits the combined exit). */
  public synchronized int exitSubmissions() {
    return exitSubmissions;
  }

  /** Empty when accepted, else the error message. */
  synchronized String register(final JsonNode body) {
    final long epoch = currentEpoch.getAsLong();
    for (final JsonNode item : body) {
      final SignedValidatorRegistrationV1 r =
          Schemas.MAINNET.signedValidatorRegistrationV1.fromJson(item);
      final int index =
          chain.validators().indexOf(BlsPublicKey.fromBytes(r.message().pubkey().toArray()));
      if (index < 0
          || !verifies(
              index, chain.signingRoots().validatorRegistration(r.message()), r.signature())) {
        invalidRegistrations++;
        return "invalid registration signature";
      }
      registeredByEpoch.computeIfAbsent(epoch, e -> new HashSet<>()).add((long) index);
      lastRegistrations.put((long) index, r.message());
    }
    return "";
  }

  /** Empty when accepted, else the error message. */
  synchronized String exit(final JsonNode body) {
    exitSubmissions++;
    final SignedVoluntaryExit exit = Schemas.MAINNET.signedVoluntaryExit.fromJson(body);
    final long validator = exit.message().validatorIndex();
    if (validator >= chain.validators().size()
        || !verifies(
            validator,
            chain.signingRoots().voluntaryExit(exit.message(), currentEpoch.getAsLong()),
            exit.signature())) {
      invalidExits++;
      return "invalid exit signature";
    }
    if (exit.message().epoch() > currentEpoch.getAsLong()) {
      return "exit epoch is in the future";
    }
    exits.putIfAbsent(validator, exit);
    return "";
  }

  ArrayNode liveness(final long epoch, final JsonNode indices) {
    final ArrayNode data = MAPPER.createArrayNode();
    for (final JsonNode index : indices) {
      final long v = Long.parseLong(index.asText());
      data.addObject()
          .put("index", Long.toString(v))
          .put("is_live", liveElsewhere.contains(v) || chain.attestedIn(v, epoch));
    }
    return data;
  }

  private boolean verifies(final long validator, final Bytes root, final Bytes signature) {
    try {
      return Bls.verify(
          chain.validators().get((int) validator),
          root.toArray(),
          BlsSignature.fromBytes(signature.toArray()));
    } catch (final RuntimeException e) {
      return false;
    }
  }
}
