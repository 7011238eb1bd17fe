package io.dvc.node.beacon.api;

import io.dvc.spec.ForkName;
import io.dvc.spec.types.Attestation;

/** An aggregate from {@code /eth/v2/validator/aggregate_attestation}, with its fork. */
public record AggregateAttestation(ForkName fork, Attestation attestation) {}
