package io.dvc.consensus.qbft;

import io.dvc.consensus.InstanceId;

/** Call {@code onTimer(round, now)} at {@code deadlineMillis}; replaces the instance's timer. */
public record TimerRequest(InstanceId instance, int round, long deadlineMillis) {}
