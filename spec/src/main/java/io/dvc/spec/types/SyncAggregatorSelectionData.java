package io.dvc.spec.types;

/** SyncAggregatorSelectionData (Altair on): what a sync selection proof signs. */
public record SyncAggregatorSelectionData(long slot, long subcommitteeIndex) {}
