package io.dvc.node.pipeline;

import io.dvc.bls.BlsPublicKey;
import io.dvc.common.time.SlotClock;
import io.dvc.common.time.TimeProvider;
import io.dvc.node.beacon.BeaconClient;
import io.dvc.spec.signing.ForkSchedule;
import io.dvc.spec.signing.SigningRoots;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * What a duty plug-in is given: public facts of the node's validators, the chain's schedule, the
 * beacon client, slashing protection's dry run and earlier rounds' results. No secret share.
 *
 * @param validators the group public key of each of this node's validators, by beacon index
 * @param slashingRefusal why slashing protection would refuse a request now (a dry run)
 * @param decisions other duties' decided values (e.g. the slot's attestation data)
 */
public record PluginContext(
    Map<Long, BlsPublicKey> validators,
    ForkSchedule schedule,
    SigningRoots signingRoots,
    SlotClock clock,
    TimeProvider time,
    BeaconClient beacon,
    Function<SigningRequest, Optional<String>> slashingRefusal,
    PreConsensusResults preConsensus,
    DecidedValues decisions,
    NodeEnvironment.Timers timers,
    Executor loop,
    Logger log) {
  public PluginContext {
    validators = Map.copyOf(validators);
  }
}
