package io.dvc.node.beaconapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Several beacon nodes behind one client: reads take the first good answer, trying the nodes in
 * order; writes go to every node and succeed when at least one accepts.
 */
public final class FailoverBeaconNodeClient implements BeaconNodeClient {
  private final List<BeaconNodeClient> nodes;

  public FailoverBeaconNodeClient(final List<? extends BeaconNodeClient> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("at least one beacon node is required");
    }
    this.nodes = List.copyOf(nodes);
  }

  @Override
  public CompletableFuture<Genesis> genesis() {
    return firstGood(BeaconNodeClient::genesis);
  }

  @Override
  public CompletableFuture<JsonNode> spec() {
    return firstGood(BeaconNodeClient::spec);
  }

  @Override
  public CompletableFuture<JsonNode> syncing() {
    return firstGood(BeaconNodeClient::syncing);
  }

  @Override
  public CompletableFuture<List<ValidatorInfo>> validators(final Collection<String> ids) {
    return firstGood(node -> node.validators(ids));
  }

  @Override
  public CompletableFuture<AttesterDuties> attesterDuties(
      final long epoch, final Collection<Long> validatorIndices) {
    return firstGood(node -> node.attesterDuties(epoch, validatorIndices));
  }

  @Override
  public CompletableFuture<JsonNode> attestationData(final long slot, final long committeeIndex) {
    return firstGood(node -> node.attestationData(slot, committeeIndex));
  }

  @Override
  public CompletableFuture<SubmitResult> submitAttestations(
      final String consensusVersion, final JsonNode attestations) {
    final List<CompletableFuture<Object>> outcomes = new ArrayList<>();
    for (final BeaconNodeClient node : nodes) {
      CompletableFuture<SubmitResult> submitted;
      try {
        submitted = node.submitAttestations(consensusVersion, attestations);
      } catch (final RuntimeException e) {
        submitted = CompletableFuture.failedFuture(e);
      }
      outcomes.add(submitted.handle((ok, error) -> error == null ? ok : message(error)));
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenApply(ignored -> merge(outcomes.stream().map(CompletableFuture::join).toList()));
  }

  /**
   * An element is rejected only when every beacon node rejected it (a node whose whole request
   * failed rejected every element); the message is the first node's. Fails when every node failed
   * the whole request.
   */
  private static SubmitResult merge(final List<Object> outcomes) {
    final List<String> errors = new ArrayList<>();
    Map<Integer, String> rejected = null;
    for (final Object outcome : outcomes) {
      if (outcome instanceof String error) {
        errors.add(error);
      } else {
        final Map<Integer, String> byNode = ((SubmitResult) outcome).rejected();
        if (rejected == null) {
          rejected = new TreeMap<>(byNode);
        } else {
          rejected.keySet().retainAll(byNode.keySet());
        }
      }
    }
    if (rejected == null) {
      throw new CompletionException(
          new BeaconApiException("every beacon node refused: " + String.join("; ", errors), -1));
    }
    return new SubmitResult(rejected);
  }

  @Override
  public CompletableFuture<Void> subscribeToBeaconCommittees(final JsonNode subscriptions) {
    return toAll(node -> node.subscribeToBeaconCommittees(subscriptions));
  }

  private <T> CompletableFuture<T> firstGood(
      final Function<BeaconNodeClient, CompletableFuture<T>> call) {
    return attempt(call, 0, new ArrayList<>());
  }

  private <T> CompletableFuture<T> attempt(
      final Function<BeaconNodeClient, CompletableFuture<T>> call,
      final int position,
      final List<String> errors) {
    final CompletableFuture<T> result;
    try {
      result = call.apply(nodes.get(position));
    } catch (final RuntimeException e) {
      return retryOrFail(call, position, errors, e);
    }
    return result
        .thenApply(CompletableFuture::completedFuture)
        .exceptionally(error -> retryOrFail(call, position, errors, error))
        .thenCompose(Function.identity());
  }

  private <T> CompletableFuture<T> retryOrFail(
      final Function<BeaconNodeClient, CompletableFuture<T>> call,
      final int position,
      final List<String> errors,
      final Throwable error) {
    errors.add(message(error));
    if (position + 1 < nodes.size()) {
      return attempt(call, position + 1, errors);
    }
    return CompletableFuture.failedFuture(
        new BeaconApiException("all beacon nodes failed: " + String.join("; ", errors), -1));
  }

  private CompletableFuture<Void> toAll(
      final Function<BeaconNodeClient, CompletableFuture<Void>> call) {
    final List<CompletableFuture<String>> outcomes = new ArrayList<>();
    for (final BeaconNodeClient node : nodes) {
      CompletableFuture<Void> submitted;
      try {
        submitted = call.apply(node);
      } catch (final RuntimeException e) {
        submitted = CompletableFuture.failedFuture(e);
      }
      outcomes.add(submitted.handle((ok, error) -> error == null ? null : message(error)));
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              final List<String> errors =
                  outcomes.stream().map(CompletableFuture::join).filter(e -> e != null).toList();
              if (errors.size() == nodes.size()) {
                throw new CompletionException(
                    new BeaconApiException(
                        "every beacon node refused: " + String.join("; ", errors), -1));
              }
              return null;
            });
  }

  private static String message(final Throwable error) {
    final Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return String.valueOf(cause.getMessage());
  }
}
