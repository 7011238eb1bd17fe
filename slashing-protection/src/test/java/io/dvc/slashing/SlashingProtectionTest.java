package io.dvc.slashing;

import static io.dvc.slashing.SlashingTestData.attestation;
import static io.dvc.slashing.SlashingTestData.block;
import static io.dvc.slashing.SlashingTestData.pubkey;
import static io.dvc.slashing.SlashingTestData.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dvc.slashing.SigningDecision.Status;
import io.dvc.storage.InMemoryKvStore;
import io.dvc.storage.KvStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlashingProtectionTest {
  private static final Root CHAIN = root(77);
  private static final Pubkey ALICE = pubkey(1);
  private static final Pubkey BOB = pubkey(2);

  private final KvStore store = InMemoryKvStore.create(SlashingSchema.SCHEMA);
  private final SlashingProtection protection = SlashingProtection.open(store, CHAIN);

  @Test
  void allowedAttestationIsRecordedAndIdenticalResignIsARepeat() {
    assertThat(status(attestation(ALICE, 1, 2, 5))).isEqualTo(Status.ALLOWED);
    assertThat(protection.signedAttestations(ALICE))
        .containsExactly(new SignedAttestationRecord(1, 2, Optional.of(root(5))));
    assertThat(status(attestation(ALICE, 1, 2, 5))).isEqualTo(Status.ALLOWED_REPEAT);
  }

  @Test
  void refusesEachSlashableAttestationWithItsReason() {
    assertThat(status(attestation(ALICE, 10, 20, 1))).isEqualTo(Status.ALLOWED);
    assertThat(reason(attestation(ALICE, 10, 20, 2))).isEqualTo(RefusalReason.DOUBLE_VOTE);
    assertThat(reason(attestation(ALICE, 11, 20, 1))).isEqualTo(RefusalReason.DOUBLE_VOTE);
    assertThat(reason(attestation(ALICE, 11, 19, 3))).isEqualTo(RefusalReason.SURROUNDED_VOTE);
    assertThat(reason(attestation(ALICE, 9, 21, 3))).isEqualTo(RefusalReason.SURROUNDING_VOTE);
    assertThat(reason(attestation(ALICE, 5, 4, 3))).isEqualTo(RefusalReason.SOURCE_AFTER_TARGET);
    assertThat(status(attestation(ALICE, 10, 19, 3))).isEqualTo(Status.ALLOWED);
    assertThat(status(attestation(ALICE, 20, 21, 3))).isEqualTo(Status.ALLOWED);
  }

  @Test
  void blocksRefuseASecondRootAtASlot() {
    assertThat(status(block(ALICE, 100, 1))).isEqualTo(Status.ALLOWED);
    assertThat(protection.checkAndRecordBlock(block(ALICE, 100, 1)).status())
        .isEqualTo(Status.ALLOWED_REPEAT);
    assertThat(protection.checkAndRecordBlock(block(ALICE, 100, 2)).reason())
        .contains(RefusalReason.DOUBLE_PROPOSAL);
    assertThat(protection.checkAndRecordBlock(block(ALICE, 99, 2)).status())
        .isEqualTo(Status.ALLOWED);
    assertThat(protection.checkAndRecordBlock(block(BOB, 100, 2)).status())
        .isEqualTo(Status.ALLOWED);
  }

  @Test
  void batchDecidesEachValidatorAndSeesEarlierRequestsOfTheSameBatch() {
    protection.checkAndRecordAttestation(attestation(BOB, 3, 4, 1));
    final List<AttestationDecision> decisions =
        protection.checkAndRecordAttestations(
            List.of(
                attestation(ALICE, 4, 5, 1),
                attestation(BOB, 3, 4, 2),
                attestation(ALICE, 4, 5, 2),
                attestation(pubkey(3), 4, 5, 1)));
    assertThat(decisions)
        .extracting(decision -> decision.decision().status())
        .containsExactly(Status.ALLOWED, Status.REFUSED, Status.REFUSED, Status.ALLOWED);
    assertThat(decisions.get(1).decision().reason()).contains(RefusalReason.DOUBLE_VOTE);
    assertThat(decisions.get(2).request()).isEqualTo(attestation(ALICE, 4, 5, 2));
    assertThat(protection.signedAttestations(ALICE)).hasSize(1);
    assertThat(protection.signedAttestations(pubkey(3))).hasSize(1);
  }

  @Test
  void refusedRequestsWriteNothing() {
    protection.checkAndRecordAttestation(attestation(ALICE, 3, 4, 1));
    final ValidatorState before = protection.state(ALICE);
    protection.checkAndRecordAttestation(attestation(ALICE, 2, 5, 1));
    assertThat(protection.state(ALICE)).isEqualTo(before);
    assertThat(protection.signedAttestations(ALICE)).hasSize(1);
  }

  @Test
  void databaseOfAnotherChainIsRefused() {
    assertThatThrownBy(() -> SlashingProtection.open(store, root(78)))
        .isInstanceOf(SlashingProtectionException.class)
        .hasMessageContaining("belongs to genesis_validators_root " + CHAIN);
  }

  @Test
  void pruningKeepsTheWindowAndStillRefusesWhatPrunedHistoryWould() {
    for (long epoch = 1; epoch <= 20; epoch++) {
      protection.checkAndRecordAttestation(attestation(ALICE, epoch - 1, epoch, epoch));
      protection.checkAndRecordBlock(block(ALICE, epoch * 32, epoch));
    }
    final SlashingPruner.Result result = protection.prune(new PruningConfig(5, 64));
    assertThat(result.deletedAttestations()).isEqualTo(14);
    assertThat(result.deletedBlocks()).isEqualTo(17);
    assertThat(protection.signedAttestations(ALICE))
        .extracting(SignedAttestationRecord::targetEpoch)
        .containsExactly(15L, 16L, 17L, 18L, 19L, 20L);
    // Slashable against pruned records: still refused, now by the raised watermarks.
    assertThat(reason(attestation(ALICE, 3, 4, 99)))
        .isEqualTo(RefusalReason.SOURCE_BELOW_LOW_WATERMARK);
    assertThat(reason(attestation(ALICE, 13, 14, 99)))
        .isEqualTo(RefusalReason.TARGET_AT_OR_BELOW_LOW_WATERMARK);
    assertThat(protection.checkAndRecordBlock(block(ALICE, 96, 99)).reason())
        .contains(RefusalReason.SLOT_AT_OR_BELOW_LOW_WATERMARK);
    // Kept history still decides exactly, identical re-signs included.
    assertThat(status(attestation(ALICE, 19, 20, 20))).isEqualTo(Status.ALLOWED_REPEAT);
    assertThat(reason(attestation(ALICE, 19, 20, 21))).isEqualTo(RefusalReason.DOUBLE_VOTE);
    assertThat(status(attestation(ALICE, 20, 21, 21))).isEqualTo(Status.ALLOWED);
  }

  @Test
  void concurrentCallsForOneValidatorApproveAtMostOneRootPerTarget() throws Exception {
    final List<Thread> threads = new ArrayList<>();
    final List<SigningDecision> decisions =
        java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      final int rootSeed = t;
      threads.add(
          new Thread(
              () -> {
                for (long epoch = 1; epoch <= 200; epoch++) {
                  decisions.add(
                      protection.checkAndRecordAttestation(
                          attestation(ALICE, epoch - 1, epoch, epoch * 10 + rootSeed)));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (final Thread thread : threads) {
      thread.join();
    }
    assertThat(decisions.stream().filter(SigningDecision::isAllowed).count()).isEqualTo(200);
    assertThat(protection.signedAttestations(ALICE)).hasSize(200);
  }

  @Test
  void overlappingConcurrentBatchesApproveAtMostOneRootPerValidatorAndTarget() throws Exception {
    final List<Thread> threads = new ArrayList<>();
    final List<AttestationDecision> decisions =
        java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 3; t++) {
      final int rootSeed = t;
      threads.add(
          new Thread(
              () -> {
                for (long epoch = 1; epoch <= 50; epoch++) {
                  final List<AttestationSigningRequest> batch = new ArrayList<>();
                  // thread t covers validators t..t+9: each overlaps its neighbours
                  for (int v = rootSeed; v < rootSeed + 10; v++) {
                    batch.add(attestation(pubkey(v), epoch - 1, epoch, epoch * 10 + rootSeed));
                  }
                  decisions.addAll(protection.checkAndRecordAttestations(batch));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (final Thread thread : threads) {
      thread.join();
    }
    final java.util.Map<String, Root> approved = new java.util.HashMap<>();
    for (final AttestationDecision decision : decisions) {
      if (decision.decision().isAllowed()) {
        final AttestationSigningRequest request = decision.request();
        final Root previous =
            approved.putIfAbsent(
                request.pubkey() + "/" + request.targetEpoch(), request.signingRoot());
        assertThat(previous == null || previous.equals(request.signingRoot())).isTrue();
      }
    }
    // validators 0..11 each signed every epoch 1..50 exactly once
    assertThat(approved).hasSize(12 * 50);
  }

  private Status status(final AttestationSigningRequest request) {
    return protection.checkAndRecordAttestation(request).status();
  }

  private Status status(final BlockSigningRequest request) {
    return protection.checkAndRecordBlock(request).status();
  }

  private RefusalReason reason(final AttestationSigningRequest request) {
    return protection.checkAndRecordAttestation(request).reason().orElseThrow();
  }
}
