package io.dvc.node.duty;

/** One validator's duty at one slot. */
public record Duty(DutyType type, long slot, long validatorIndex) {}
