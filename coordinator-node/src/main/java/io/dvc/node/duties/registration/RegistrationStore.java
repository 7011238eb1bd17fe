package io.dvc.node.duties.registration;

import io.dvc.spec.types.SignedValidatorRegistrationV1;
import java.util.List;

/**
 * Where a node keeps its combined registrations across restarts, so that a restarted node re-sends
 * them instead of asking its peers for signatures they no longer make. Injected; the node's is a
 * file in its data directory.
 */
public interface RegistrationStore {
  /** Keeps nothing. */
  RegistrationStore NONE =
      new RegistrationStore() {
        @Override
        public List<SignedValidatorRegistrationV1> load() {
          return List.of();
        }

        @Override
        public void save(final List<SignedValidatorRegistrationV1> registrations) {}
      };

  /** What was saved (empty if nothing or unreadable). */
  List<SignedValidatorRegistrationV1> load();

  /** Replaces what is saved. */
  void save(List<SignedValidatorRegistrationV1> registrations);
}
