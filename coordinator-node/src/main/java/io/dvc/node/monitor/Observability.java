package io.dvc.node.monitor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dvc.common.time.SlotClock;
import io.dvc.common.time.TimeProvider;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Runs the monitors on one thread of their own, off the workflow: every slot (half-way through it)
 * the liveness monitor may check the previous epoch; in each epoch's second slot the resource
 * monitor runs and the node shares its clients, in the third it evaluates the cluster's mix. Serves
 * their joint JSON view ({@code /dvc/v1/monitor}).
 */
public final class Observability implements AutoCloseable {
  private final SlotClock clock;
  private final TimeProvider time;
  private final ChainMonitor chain;
  private final Optional<ResourceMonitor> resources;
  private final Optional<DiversityMonitor> diversity;
  private final AlertLog alerts;
  private final Logger log;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            final Thread thread = new Thread(r, "dvc-monitor");
            thread.setDaemon(true);
            return thread;
          });

  public Observability(
      final SlotClock clock,
      final TimeProvider time,
      final ChainMonitor chain,
      final Optional<ResourceMonitor> resources,
      final Optional<DiversityMonitor> diversity,
      final AlertLog alerts,
      final Logger log) {
    this.clock = clock;
    this.time = time;
    this.chain = chain;
    this.resources = resources;
    this.diversity = diversity;
    this.alerts = alerts;
    this.log = log;
  }

  /** Starts the slot ticks. */
  public Observability start() {
    final long next = clock.slotStartMillis(Math.max(0, clock.currentSlot() + 1));
    final long delay = Math.max(0, next + clock.millisPerSlot() / 2 - time.currentTimeMillis());
    executor.scheduleAtFixedRate(this::tick, delay, clock.millisPerSlot(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void tick() {
    try {
      final long slot = clock.currentSlot();
      if (slot < 0) {
        return;
      }
      chain.onSlot(slot).join();
      final long epoch = clock.epochOf(slot);
      final long inEpoch = slot % clock.slotsPerEpoch();
      if (inEpoch == Math.min(1, clock.slotsPerEpoch() - 1)) {
        resources.ifPresent(r -> r.onEpoch(epoch).join());
        diversity.ifPresent(d -> d.onEpoch(epoch).join());
      }
      if (inEpoch == Math.min(2, clock.slotsPerEpoch() - 1)) {
        // a slot after sharing, so that the peers' messages of this epoch are in
        diversity.ifPresent(d -> d.evaluate(epoch));
      }
    } catch (final RuntimeException e) {
      log.warn("monitor tick failed: {}", e.toString());
    }
  }

  /** The JSON view: liveness, alerts, and clients and resources where they run. */
  public ObjectNode toJson() {
    final ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set("liveness", chain.toJson());
    diversity.ifPresent(d -> node.set("clients", d.toJson()));
    resources.ifPresent(r -> node.set("resources", r.toJson()));
    node.set("alerts", alerts.toJson());
    return node;
  }

  /**
   * The view in sections, for {@code dvc status}: {@code liveness}, {@code clients} and {@code
   * resources} where they run, and {@code monitor_alerts} (the last ten).
   */
  public java.util.Map<String, java.util.function.Supplier<ObjectNode>> sections() {
    final java.util.Map<String, java.util.function.Supplier<ObjectNode>> sections =
        new java.util.LinkedHashMap<>();
    sections.put("liveness", chain::toJson);
    diversity.ifPresent(d -> sections.put("clients", d::toJson));
    resources.ifPresent(r -> sections.put("resources", r::toJson));
    sections.put(
        "monitor_alerts",
        () -> {
          final ObjectNode node = JsonNodeFactory.instance.objectNode();
          final var all = alerts.toJson();
          final var last = node.putArray("last");
          for (int i = Math.max(0, all.size() - 10); i < all.size(); i++) {
            last.add(all.get(i));
          }
          node.put("total", all.size());
          return node;
        });
    return sections;
  }

  public Optional<ResourceMonitor> resources() {
    return resources;
  }

  public Optional<DiversityMonitor> diversity() {
    return diversity;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
