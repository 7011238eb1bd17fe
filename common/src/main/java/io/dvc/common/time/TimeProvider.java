package io.dvc.common.time;

/** The one source of wall-clock time; tests inject a fake. */
@FunctionalInterface
public interface TimeProvider {
  TimeProvider SYSTEM = System::currentTimeMillis;

  /** Milliseconds since the Unix epoch. */
  long currentTimeMillis();
}
