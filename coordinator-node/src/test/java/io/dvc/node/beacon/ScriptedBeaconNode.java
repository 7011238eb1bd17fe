package io.dvc.node.beacon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An in-process beacon node: answers each form with what the test scripted (recorded answers as
 * JSON strings), or holds the exchange open until the test completes it.
 */
public final class ScriptedBeaconNode implements BeaconNode {
  private final String url;
  private final List<HttpForm> asked = new ArrayList<>();
  private final List<CompletableFuture<BeaconAnswer>> held = new ArrayList<>();
  private Function<HttpForm, CompletableFuture<BeaconAnswer>> behaviour;

  public ScriptedBeaconNode(final String url) {
    this.url = url;
    answering(200, "{\"data\":\"" + url + "\"}");
  }

  /** Answers every form with this status and body. */
  public ScriptedBeaconNode answering(final int status, final String json) {
    return behaving(form -> CompletableFuture.completedFuture(answer(status, json)));
  }

  public ScriptedBeaconNode behaving(final Function<HttpForm, CompletableFuture<BeaconAnswer>> b) {
    synchronized (this) {
      this.behaviour = b;
    }
    return this;
  }

  /** Keeps every exchange open; complete them with {@link #complete}. */
  public ScriptedBeaconNode holding() {
    return behaving(
        form -> {
          final CompletableFuture<BeaconAnswer> future = new CompletableFuture<>();
          synchronized (this) {
            held.add(future);
          }
          return future;
        });
  }

  /** Fails every exchange as a transport error would. */
  public ScriptedBeaconNode down(final String reason) {
    return behaving(
        form -> CompletableFuture.failedFuture(new BeaconApiException(url + ": " + reason, -1)));
  }

  public void complete(final int index, final int status, final String json) {
    final CompletableFuture<BeaconAnswer> future;
    synchronized (this) {
      future = held.get(index);
    }
    future.complete(answer(status, json));
  }

  public BeaconAnswer answer(final int status, final String json) {
    return new BeaconAnswer(
        url, status, Map.of("Content-Type", HttpForm.JSON), json.getBytes(StandardCharsets.UTF_8));
  }

  public synchronized List<HttpForm> asked() {
    return List.copyOf(asked);
  }

  public synchronized List<String> askedPaths() {
    return asked.stream().map(f -> f.method() + " " + f.pathAndQuery()).toList();
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public CompletableFuture<BeaconAnswer> exchange(final HttpForm form, final int maxAnswerBytes) {
    final Function<HttpForm, CompletableFuture<BeaconAnswer>> current;
    synchronized (this) {
      asked.add(form);
      current = behaviour;
    }
    return current.apply(form);
  }
}
