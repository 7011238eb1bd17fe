package io.dvc.node.parsig;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.bls.BlsSignature;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartialSignatureStoreTest {
  private final PartialSignatureStore store = new PartialSignatureStore(3);

  private static byte[] root(final int b) {
    final byte[] r = new byte[32];
    Arrays.fill(r, (byte) b);
    return r;
  }

  private static PartialSignature partial(final long validator, final int rootByte, final int op) {
    final byte[] sig = new byte[96];
    sig[0] = (byte) op;
    return new PartialSignature(validator, root(rootByte), BlsSignature.fromBytes(sig));
  }

  @Test
  void reportsAValidatorOnceWhenThresholdPartialsAgree() {
    assertThat(store.add(5, 1, 1, List.of(partial(7, 1, 1)))).isEmpty();
    assertThat(store.add(5, 1, 2, List.of(partial(7, 1, 2)))).isEmpty();
    final List<ReadyToCombine> ready = store.add(5, 1, 3, List.of(partial(7, 1, 3)));
    assertThat(ready).hasSize(1);
    assertThat(ready.get(0).partials().keySet()).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(store.add(5, 1, 4, List.of(partial(7, 1, 4)))).isEmpty();
  }

  @Test
  void partsOfOneValidatorAreSeparateSignatures() {
    for (int op = 1; op <= 2; op++) {
      store.add(5, 8, op, List.of(part(7, 0, 1, op), part(7, 1, 2, op)));
    }
    final List<ReadyToCombine> ready =
        store.add(5, 8, 3, List.of(part(7, 0, 1, 3), part(7, 1, 2, 3)));
    assertThat(ready).extracting(ReadyToCombine::part).containsExactlyInAnyOrder(0, 1);
    assertThat(ready).allMatch(r -> r.validatorIndex() == 7 && r.partials().size() == 3);
  }

  private static PartialSignature part(
      final long validator, final int part, final int rootByte, final int op) {
    final byte[] sig = new byte[96];
    sig[0] = (byte) op;
    return new PartialSignature(validator, part, root(rootByte), BlsSignature.fromBytes(sig));
  }

  @Test
  void partialsOverDifferentRootsDoNotCombine() {
    store.add(5, 1, 1, List.of(partial(7, 1, 1)));
    store.add(5, 1, 2, List.of(partial(7, 2, 2)));
    assertThat(store.add(5, 1, 3, List.of(partial(7, 1, 3)))).isEmpty();
    assertThat(store.add(5, 1, 4, List.of(partial(7, 1, 4)))).hasSize(1);
  }

  @Test
  void anOperatorCountsOnceAndRejectedOperatorsAreReplaced() {
    store.add(5, 1, 1, List.of(partial(7, 1, 1)));
    store.add(5, 1, 1, List.of(partial(7, 1, 1)));
    store.add(5, 1, 2, List.of(partial(7, 1, 2)));
    assertThat(store.add(5, 1, 3, List.of(partial(7, 1, 3)))).hasSize(1);
    assertThat(store.rejectOperators(5, 1, 7, 0, Set.of(2))).isEmpty();
    assertThat(store.add(5, 1, 2, List.of(partial(7, 1, 2)))).isEmpty();
    final List<ReadyToCombine> again = store.add(5, 1, 4, List.of(partial(7, 1, 4)));
    assertThat(again).hasSize(1);
    assertThat(again.get(0).partials().keySet()).containsExactlyInAnyOrder(1, 3, 4);
  }

  @Test
  void tracksWhichOperatorsWereSeenAndPrunesOldSlots() {
    store.add(5, 1, 2, List.of(partial(7, 1, 2)));
    store.add(6, 1, 3, List.of(partial(7, 1, 3)));
    assertThat(store.operatorsSeen(5, 1)).containsExactly(2);
    store.pruneBefore(6);
    assertThat(store.operatorsSeen(5, 1)).isEmpty();
    assertThat(store.operatorsSeen(6, 1)).containsExactly(3);
  }
}
