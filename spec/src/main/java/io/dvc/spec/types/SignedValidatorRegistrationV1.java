package io.dvc.spec.types;

import io.dvc.spec.ssz.Bytes;

/** SignedValidatorRegistrationV1 (builder API). */
public record SignedValidatorRegistrationV1(ValidatorRegistrationV1 message, Bytes signature) {}
