package io.dvc.spec.ssz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandles;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerTypeTest {
  /** A package-private record, as another module would declare for its own container. */
  record Operator(Bytes address, long index, List<Long> shares) {}

  @Test
  void packagePrivateRecordsWorkWithTheirLookup() {
    final ContainerType<Operator> type =
        ContainerType.of(
            MethodHandles.lookup(),
            "Operator",
            Operator.class,
            Ssz.BYTES20,
            Ssz.UINT64,
            Ssz.list(Ssz.UINT64, 8));
    final Operator operator = new Operator(Bytes.zero(20), 3, List.of(1L, 2L));
    assertThat(type.deserialize(type.serialize(operator))).isEqualTo(operator);
    assertThat(type.fieldNames()).containsExactly("address", "index", "shares");
    assertThat(type.fromJson(type.toJson(operator))).isEqualTo(operator);
  }

  @Test
  void packagePrivateRecordsNeedALookup() {
    assertThatThrownBy(
            () ->
                ContainerType.of(
                    "Operator", Operator.class, Ssz.BYTES20, Ssz.UINT64, Ssz.list(Ssz.UINT64, 8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not accessible");
  }

  @Test
  void fieldTypesMustMatchTheRecordComponents() {
    assertThatThrownBy(
            () ->
                ContainerType.of(
                    MethodHandles.lookup(),
                    "Operator",
                    Operator.class,
                    Ssz.UINT64,
                    Ssz.UINT64,
                    Ssz.list(Ssz.UINT64, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Operator.address is Bytes but its SSZ type uint64 holds Long");
    assertThatThrownBy(
            () -> ContainerType.of(MethodHandles.lookup(), "Operator", Operator.class, Ssz.BYTES20))
        .hasMessageContaining("3 record components but 1 types");
  }
}
