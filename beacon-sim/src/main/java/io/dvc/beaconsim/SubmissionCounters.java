package io.dvc.beaconsim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of one kind of pool submission (aggregates, sync messages, contributions): elements
 * received, accepted, refused (by reason; those whose signature did not verify counted apart) and
 * valid copies of something already accepted. Not thread-safe: the owning ledger locks.
 */
final class SubmissionCounters {
  private long received;
  private long valid;
  private long invalid;
  private long invalidSignatures;
  private long duplicates;
  private final Map<String, Long> rejectedByReason = new TreeMap<>();

  void received(final int count) {
    received += count;
  }

  void valid(final boolean duplicate) {
    valid++;
    if (duplicate) {
      duplicates++;
    }
  }

  void rejected(final String reason) {
    invalid++;
    rejectedByReason.merge(reason, 1L, Long::sum);
    if (reason.startsWith("invalid_") && reason.endsWith("signature")
        || RejectReason.INVALID_SELECTION_PROOF.equals(reason)) {
      invalidSignatures++;
    }
  }

  long invalidSignatures() {
    return invalidSignatures;
  }

  long invalid() {
    return invalid;
  }

  /**
   * {@code {received, valid, invalid, invalid_signatures, duplicates, rejected_by_reason}}; every
   * refusal whose reason is a signature that did not verify (the message's own, an aggregate's or a
   * selection proof) counts in invalid_signatures.
   */
  ObjectNode toJson() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("received", received);
    node.put("valid", valid);
    node.put("invalid", invalid);
    node.put("invalid_signatures", invalidSignatures);
    node.put("duplicates", duplicates);
    final ObjectNode reasons = node.putObject("rejected_by_reason");
    rejectedByReason.forEach(reasons::put);
    return node;
  }
}
