package io.dvc.consensus;

import java.util.Optional;

/** Decides whether this node may agree on a proposed value. */
@FunctionalInterface
public interface ValueValidator {
  /** Empty if the value is acceptable, else a one-line reason for refusing it. */
  Optional<String> refuse(InstanceId instance, Value value);

  ValueValidator ACCEPT_ALL = (instance, value) -> Optional.empty();
}
