package io.dvc.config.ceremony;

import io.dvc.config.cluster.Operator;
import io.dvc.p2p.multiaddr.Multiaddr;
import java.util.List;

/** Who the operators of a ceremony are. */
public sealed interface OperatorSource {
  /** New operators: the ceremony makes each an identity key (written with mode 0600). */
  record Generate(List<OperatorSpec> operators) implements OperatorSource {
    public Generate {
      operators = List.copyOf(operators);
    }

    /** n operators named operator-1..operator-n with no addresses. */
    public static Generate named(final int count) {
      return new Generate(
          java.util.stream.IntStream.rangeClosed(1, count)
              .mapToObj(i -> new OperatorSpec("operator-" + i, List.of()))
              .toList());
    }
  }

  /**
   * Operators that bring their own identity keys (peer ids, e.g. from a cluster definition file):
   * no identity key is written and each operator signs the lock later ({@code dvc lock sign}).
   */
  record BringOwn(List<Operator> operators) implements OperatorSource {
    public BringOwn {
      operators = List.copyOf(operators);
    }
  }

  /** A new operator's name (its directory name) and addresses. */
  record OperatorSpec(String name, List<Multiaddr> addresses) {
    public OperatorSpec {
      addresses = List.copyOf(addresses);
    }
  }
}
