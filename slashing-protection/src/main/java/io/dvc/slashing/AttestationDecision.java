package io.dvc.slashing;

/** One validator's answer in a batch: the request and its decision. */
public record AttestationDecision(AttestationSigningRequest request, SigningDecision decision) {}
