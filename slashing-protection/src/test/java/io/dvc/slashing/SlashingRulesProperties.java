package io.dvc.slashing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.storage.InMemoryKvStore;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Without imports or pruning the rules must be exact: a request is refused if and only if it is
 * slashable (phase0 {@code is_slashable_attestation_data}) together with an earlier allowed one, or
 * its source is after its target. Checked against a brute-force model over random sequences.
 */
class SlashingRulesProperties {
  /** A vote; its signing root is a function of all its data, as a real signing root is. */
  record Vote(long source, long target, long variant) {
    long root() {
      return source * 10_000 + target * 10 + variant;
    }
  }

  @Property(tries = 300)
  void attestationDecisionsMatchTheSpecDefinition(
      @ForAll("votes") @Size(min = 1, max = 40) final List<Vote> votes,
      @ForAll final long reopenSeed) {
    final InMemoryKvStore store = InMemoryKvStore.create(SlashingSchema.SCHEMA);
    final java.util.Random reopen = new java.util.Random(reopenSeed);
    SlashingProtection protection = SlashingProtection.open(store, SlashingTestData.root(1));
    final Pubkey pubkey = SlashingTestData.pubkey(1);
    final List<Vote> allowed = new ArrayList<>();
    for (final Vote vote : votes) {
      if (reopen.nextBoolean()) {
        // a fresh instance has no cached state: it must rebuild it from the stored records
        protection = SlashingProtection.open(store, SlashingTestData.root(1));
      }
      final boolean expected =
          vote.source() <= vote.target()
              && allowed.stream().noneMatch(held -> slashable(held, vote));
      final SigningDecision decision =
          protection.checkAndRecordAttestation(
              SlashingTestData.attestation(pubkey, vote.source(), vote.target(), vote.root()));
      assertThat(decision.isAllowed()).as("%s after %s", vote, allowed).isEqualTo(expected);
      if (decision.status() == SigningDecision.Status.ALLOWED) {
        allowed.add(vote);
      }
    }
  }

  @Property(tries = 200)
  void blockDecisionsRefuseOnlyASecondRootAtASlot(
      @ForAll("slots") @Size(min = 1, max = 40) final List<Vote> blocks,
      @ForAll final long reopenSeed) {
    final InMemoryKvStore store = InMemoryKvStore.create(SlashingSchema.SCHEMA);
    final java.util.Random reopen = new java.util.Random(reopenSeed);
    SlashingProtection protection = SlashingProtection.open(store, SlashingTestData.root(1));
    final Pubkey pubkey = SlashingTestData.pubkey(1);
    final List<Vote> allowed = new ArrayList<>();
    for (final Vote block : blocks) {
      if (reopen.nextBoolean()) {
        protection = SlashingProtection.open(store, SlashingTestData.root(1));
      }
      final boolean expected =
          allowed.stream()
              .noneMatch(held -> held.target() == block.target() && held.root() != block.root());
      final SigningDecision decision =
          protection.checkAndRecordBlock(
              SlashingTestData.block(pubkey, block.target(), block.root()));
      assertThat(decision.isAllowed()).isEqualTo(expected);
      if (decision.status() == SigningDecision.Status.ALLOWED) {
        allowed.add(block);
      }
    }
  }

  /** phase0 is_slashable_attestation_data, where equal data (same root) is not slashable. */
  private static boolean slashable(final Vote a, final Vote b) {
    final boolean doubleVote = a.target() == b.target() && a.root() != b.root();
    final boolean surround =
        (a.source() < b.source() && b.target() < a.target())
            || (b.source() < a.source() && a.target() < b.target());
    return doubleVote || surround;
  }

  @Provide
  Arbitrary<List<Vote>> votes() {
    final Arbitrary<Vote> vote =
        net.jqwik.api.Combinators.combine(
                Arbitraries.longs().between(0, 12),
                Arbitraries.longs().between(0, 12),
                Arbitraries.longs().between(0, 2))
            .as(Vote::new);
    return vote.list();
  }

  @Provide
  Arbitrary<List<Vote>> slots() {
    final Arbitrary<Vote> block =
        net.jqwik.api.Combinators.combine(
                Arbitraries.just(0L),
                Arbitraries.longs().between(0, 15),
                Arbitraries.longs().between(0, 2))
            .as(Vote::new);
    return block.list();
  }
}
