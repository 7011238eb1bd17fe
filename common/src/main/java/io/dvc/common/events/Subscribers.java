package io.dvc.common.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A thread-safe list of listeners; a failing listener is logged and does not stop the others. */
public final class Subscribers<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);
  private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();

  public void subscribe(final Consumer<T> listener) {
    listeners.add(listener);
  }

  public void deliver(final T event) {
    for (final Consumer<T> listener : listeners) {
      try {
        listener.accept(event);
      } catch (final RuntimeException e) {
        LOG.warn("listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
