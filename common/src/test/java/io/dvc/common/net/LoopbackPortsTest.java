package io.dvc.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

  @Test
  void aPortOfferedAgainByTheSystemIsNotHandedOutTwice() {
    final PrimitiveIterator.OfInt offers = IntStream.of(40001, 40001, 40002, 40001).iterator();
    final LoopbackPorts ports = new LoopbackPorts(offers::nextInt);

    assertThat(ports.next()).isEqualTo(40001);
    assertThat(ports.next()).isEqualTo(40002);
  }

  @Test
  void aPortHandedOutCannotBeClaimedByAProxy() {
    final LoopbackPorts ports = new LoopbackPorts(() -> 40010);
    final int node = ports.next();

    assertThat(ports.claim(node)).isFalse();
    assertThat(ports.claim(40011)).isTrue();
    assertThat(ports.claim(40011)).isFalse();
  }

  @Test
  void anExhaustedSystemGivesAClearError() {
    final LoopbackPorts ports = new LoopbackPorts(() -> 40020);
    ports.next();

    assertThatThrownBy(ports::next).hasMessageContaining("no loopback port left");
  }

  @Test
  void realPortsAreDistinct() {
    final LoopbackPorts ports = new LoopbackPorts();
    final Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 64; i++) {
      assertThat(seen.add(ports.next())).isTrue();
    }
  }
}
