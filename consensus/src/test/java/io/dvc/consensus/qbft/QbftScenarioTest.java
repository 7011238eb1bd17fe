package io.dvc.consensus.qbft;

import static io.dvc.consensus.message.MessageType.COMMIT;
import static io.dvc.consensus.message.MessageType.DECIDED;
import static io.dvc.consensus.message.MessageType.PREPARE;
import static io.dvc.consensus.message.MessageType.PROPOSAL;
import static io.dvc.consensus.message.MessageType.ROUND_CHANGE;
import static io.dvc.consensus.testing.Cluster.ID;
import static io.dvc.consensus.testing.Cluster.T;
import static io.dvc.consensus.testing.Cluster.input;
import static io.dvc.consensus.testing.Cluster.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.dvc.consensus.InstanceId;
import io.dvc.consensus.RoundTimerPolicy;
import io.dvc.consensus.Value;
import io.dvc.consensus.message.MessageType;
import io.dvc.consensus.message.Payload;
import io.dvc.consensus.message.QbftMessage;
import io.dvc.consensus.message.SignedPayload;
import io.dvc.consensus.qbft.Rejection.Reason;
import io.dvc.consensus.testing.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Classic QBFT cases on a hand-driven cluster (leader of round r is operator r mod n). */
class QbftScenarioTest {
  private static final Value V1 = input(1);
  private static final Value V2 = input(2);
  private static final Value EVIL = value("evil");

  private static void assertAllDecided(final Cluster c, final Value v, final int... ops) {
    for (int op : ops) {
      assertThat(c.decision(op)).as("decision of " + op).isPresent();
      assertThat(c.decision(op).get().value()).as("value decided by " + op).isEqualTo(v);
    }
  }

  private static void assertRejected(final Cluster c, final int op, final Reason reason) {
    assertThat(c.rejections(op)).extracting(Rejection::reason).contains(reason);
  }

  private static List<QbftMessage> sentMessages(
      final Cluster c, final int op, final MessageType t) {
    return c.sent(op).stream().map(Outbound::message).filter(m -> m.type() == t).toList();
  }

  private static Cluster preparedInRoundOneWithCommitsLost() {
    final Cluster c = new Cluster(4).startAll();
    c.deliverAll(e -> e.type() != COMMIT);
    return c;
  }

  // ------------------------------------------------------------------ normal case

  @Test
  void allOperatorsDecideLeaderValueInRoundOne() {
    final Cluster c = new Cluster(4).startAll().deliverAll();
    assertAllDecided(c, V1, 1, 2, 3, 4);
    assertThat(c.decision(3).get().round()).isEqualTo(1);
    assertThat(c.decision(3).get().commits()).hasSize(3);
  }

  @Test
  void singleOperatorDecidesAlone() {
    final Cluster c = new Cluster(1).startAll();
    assertAllDecided(c, V1, 1);
  }

  @Test
  void thirteenOperatorsDecideInRoundOne() {
    final Cluster c = new Cluster(13).startAll().deliverAll();
    for (int op = 1; op <= 13; op++) {
      assertAllDecided(c, V1, op);
    }
  }

  @Test
  void eachOperatorSendsOnePrepareAndOneCommitInTheNormalCase() {
    final Cluster c = new Cluster(7).startAll().deliverAll();
    for (int op = 1; op <= 7; op++) {
      assertThat(c.sentOfType(op, PREPARE)).isEqualTo(1);
      assertThat(c.sentOfType(op, COMMIT)).isEqualTo(1);
      assertThat(c.sentOfType(op, PROPOSAL)).isEqualTo(op == 1 ? 1 : 0);
    }
  }

  @Test
  void prepareAndCommitCarryOnlyTheDigest() {
    final Cluster c = new Cluster(4).startAll().deliverAll();
    final QbftMessage prepare = sentMessages(c, 2, PREPARE).get(0);
    assertThat(prepare.value()).isNull();
    assertThat(prepare.payload().digest()).isEqualTo(V1.digest());
    assertThat(sentMessages(c, 2, COMMIT).get(0).value()).isNull();
  }

  @Test
  void leaderWithoutValueProposesWhenValueArrives() {
    final Cluster c = new Cluster(4);
    c.start(1, null);
    for (int op = 2; op <= 4; op++) {
      c.start(op, input(op));
    }
    c.deliverAll();
    assertThat(c.decision(2)).isEmpty();
    c.provideValue(1, V1);
    c.deliverAll();
    assertAllDecided(c, V1, 1, 2, 3, 4);
  }

  @Test
  void operatorWithoutOwnValueStillPreparesAndCommits() {
    final Cluster c = new Cluster(4);
    for (int op = 1; op <= 3; op++) {
      c.start(op, input(op));
    }
    c.start(4, null);
    c.deliverAll();
    assertAllDecided(c, V1, 1, 2, 3, 4);
    assertThat(c.sentOfType(4, COMMIT)).isEqualTo(1);
  }

  @Test
  void commitsArrivingBeforeProposalDecideOnceValueIsKnown() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    for (int op = 1; op <= 3; op++) {
      c.receive(4, c.commit(op, 1, V1.digest()));
    }
    assertThat(c.decision(4)).isEmpty();
    c.receive(4, c.proposal(1, 1, V1, List.of(), List.of()));
    assertAllDecided(c, V1, 4);
  }

  @Test
  void commitQuorumOfEarlierRoundStillDecides() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.proposal(1, 1, V1, List.of(), List.of()));
    c.timeout(4);
    assertThat(c.node(4).round()).isEqualTo(2);
    for (int op = 1; op <= 3; op++) {
      c.receive(4, c.commit(op, 1, V1.digest()));
    }
    assertAllDecided(c, V1, 4);
    assertThat(c.decision(4).get().round()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ leader failure

  @Test
  void leaderDownRoundChangeToNextLeaderDecides() {
    final Cluster c = new Cluster(4).crash(1);
    for (int op = 2; op <= 4; op++) {
      c.start(op, input(op));
    }
    c.deliverAll();
    assertThat(c.decision(2)).isEmpty();
    c.timeoutAll().deliverAll();
    assertAllDecided(c, V2, 2, 3, 4);
    assertThat(c.decision(2).get().round()).isEqualTo(2);
  }

  @Test
  void roundChangeQuorumWithoutPreparedValuesLetsLeaderProposeItsOwnValue() {
    final Cluster c = new Cluster(4).crash(1);
    for (int op = 2; op <= 4; op++) {
      c.start(op, input(op));
    }
    c.timeoutAll().deliverAll();
    final QbftMessage proposal = sentMessages(c, 2, PROPOSAL).get(0);
    assertThat(proposal.round()).isEqualTo(2);
    assertThat(proposal.value()).isEqualTo(V2);
    assertThat(proposal.roundChanges()).hasSize(3);
    assertThat(proposal.prepares()).isEmpty();
  }

  @Test
  void twoSilentLeadersOfSevenStillLeadToDecisionInRoundThree() {
    final Cluster c = new Cluster(7).crash(1).crash(2);
    for (int op = 3; op <= 7; op++) {
      c.start(op, input(op));
    }
    c.deliverAll().timeoutAll().deliverAll();
    assertThat(c.decision(3)).isEmpty();
    c.timeoutAll().deliverAll();
    assertAllDecided(c, input(3), 3, 4, 5, 6, 7);
  }

  @Test
  void leaderWaitsForItsValueWhenNoRoundChangeIsPrepared() {
    final Cluster c = new Cluster(4).crash(1);
    c.start(2, null);
    c.start(3, input(3));
    c.start(4, input(4));
    c.timeoutAll().deliverAll();
    assertThat(c.sentOfType(2, PROPOSAL)).isZero();
    c.provideValue(2, V2);
    c.deliverAll();
    assertAllDecided(c, V2, 2, 3, 4);
  }

  // ------------------------------------------------------------------ prepared values

  @Test
  void preparedValueIsCarriedIntoTheNextRound() {
    final Cluster c = preparedInRoundOneWithCommitsLost();
    assertThat(c.node(2).preparedRound()).isEqualTo(1);
    assertThat(c.decision(1)).isEmpty();
    c.timeoutAll().deliverAll();
    assertAllDecided(c, V1, 1, 2, 3, 4);
    final QbftMessage proposal = sentMessages(c, 2, PROPOSAL).get(0);
    assertThat(proposal.value()).isEqualTo(V1);
    assertThat(proposal.prepares()).hasSize(3);
  }

  @Test
  void roundChangeCarriesPreparedValueAndCertificate() {
    final Cluster c = preparedInRoundOneWithCommitsLost();
    c.timeout(3);
    final QbftMessage rc = sentMessages(c, 3, ROUND_CHANGE).get(0);
    assertThat(rc.payload().preparedRound()).isEqualTo(1);
    assertThat(rc.value()).isEqualTo(V1);
    assertThat(rc.prepares()).hasSize(3);
  }

  @Test
  void mixedPreparedRoundsLeaderProposesValueOfHighestPreparedRound() {
    final Cluster c = new Cluster(4).startAll();
    // round 1: only operator 1 sees the prepares, so only it is prepared (on V1)
    c.deliverAll(e -> e.type() == PROPOSAL || (e.type() == PREPARE && e.to() == 1));
    assertThat(c.node(1).preparedRound()).isEqualTo(1);
    // round 2: operator 1's round change is lost; 2 and 3 become prepared on V2
    c.timeoutAll();
    c.deliverAll(
        e ->
            !(e.type() == ROUND_CHANGE && e.from() == 1)
                && e.type() != COMMIT
                && (e.type() != PREPARE || e.to() == 2 || e.to() == 3));
    assertThat(c.node(2).preparedRound()).isEqualTo(2);
    assertThat(c.node(1).preparedRound()).isEqualTo(1);
    // round 3: leader 3 sees prepared rounds 1 (V1) and 2 (V2) and must pick V2
    c.timeoutAll().deliverAll();
    assertAllDecided(c, V2, 1, 2, 3, 4);
    assertThat(sentMessages(c, 3, PROPOSAL).get(0).value()).isEqualTo(V2);
  }

  @Test
  void byzantineLeaderCannotReplaceAPreparedValue() {
    final Cluster c = preparedInRoundOneWithCommitsLost();
    c.crash(2);
    c.timeout(3);
    final List<SignedPayload> rcs = new ArrayList<>();
    for (int op : new int[] {1, 2, 3}) {
      rcs.add(c.roundChangePayload(op, 2, 1, V1.digest()));
    }
    final QbftMessage evil = c.proposal(2, 2, EVIL, rcs, c.prepares(1, V1, 1, 2, 3));
    c.receive(3, evil);
    assertRejected(c, 3, Reason.INVALID_JUSTIFICATION);
    assertThat(sentMessages(c, 3, PREPARE)).noneMatch(m -> m.round() == 2);
  }

  @Test
  void proposalIgnoringTheHighestPreparedRoundIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    final List<SignedPayload> rcs =
        List.of(
            c.roundChangePayload(1, 3, 1, V1.digest()),
            c.roundChangePayload(2, 3, 2, V2.digest()),
            c.roundChangePayload(3, 3, 0, null));
    c.receive(4, c.proposal(3, 3, V1, rcs, c.prepares(1, V1, 1, 2, 3)));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
    assertThat(c.node(4).round()).isEqualTo(1);
  }

  @Test
  void futureRoundProposalWithValidJustificationMovesNodeForward() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    final List<SignedPayload> rcs =
        List.of(
            c.roundChangePayload(1, 3, 1, V1.digest()),
            c.roundChangePayload(2, 3, 2, V2.digest()),
            c.roundChangePayload(3, 3, 0, null));
    final Effects effects = c.receive(4, c.proposal(3, 3, V2, rcs, c.prepares(2, V2, 1, 2, 3)));
    assertThat(effects.rejections()).isEmpty();
    assertThat(c.node(4).round()).isEqualTo(3);
    assertThat(effects.timers()).extracting(TimerRequest::deadlineMillis).containsExactly(3 * T);
    assertThat(sentMessages(c, 4, PREPARE)).extracting(QbftMessage::round).containsExactly(3);
  }

  @Test
  void proposalClaimingPreparedRoundWithoutCertificateIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    final List<SignedPayload> rcs =
        List.of(
            c.roundChangePayload(1, 2, 1, EVIL.digest()),
            c.roundChangePayload(2, 2, 0, null),
            c.roundChangePayload(3, 2, 0, null));
    c.receive(4, c.proposal(2, 2, EVIL, rcs, List.of()));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
  }

  // ------------------------------------------------------------------ round skipping

  @Test
  void fPlusOneRoundChangesMakeNodeSkipToLowestOfTheirRounds() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.roundChange(1, 3));
    c.receive(4, c.roundChange(2, 5));
    assertThat(c.node(4).round()).isEqualTo(3);
    assertThat(sentMessages(c, 4, ROUND_CHANGE)).extracting(QbftMessage::round).containsExactly(3);
  }

  @Test
  void fewerThanFPlusOneRoundChangesDoNotMoveTheNode() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.roundChange(1, 5));
    assertThat(c.node(4).round()).isEqualTo(1);
    assertThat(c.sentOfType(4, ROUND_CHANGE)).isZero();
  }

  @Test
  void roundSkipLetsLaggingLeaderJoinAndPropose() {
    final Cluster c = new Cluster(4).startAll();
    c.drop(e -> true);
    // operators 1, 3 and 4 time out; operator 2 (leader of round 2) stays in round 1
    c.timeout(1);
    c.timeout(3);
    c.timeout(4);
    assertThat(c.node(2).round()).isEqualTo(1);
    c.deliverAll();
    assertAllDecided(c, V2, 1, 2, 3, 4);
    assertThat(c.decision(2).get().round()).isEqualTo(2);
  }

  // ------------------------------------------------------------------ equivocation

  @Test
  void leaderEquivocatingInRoundOneCannotSplitTheDecision() {
    final Cluster c = new Cluster(4).crash(1);
    for (int op = 2; op <= 4; op++) {
      c.start(op, input(op));
    }
    c.receive(2, c.proposal(1, 1, V1, List.of(), List.of()));
    c.receive(3, c.proposal(1, 1, EVIL, List.of(), List.of()));
    c.receive(4, c.proposal(1, 1, EVIL, List.of(), List.of()));
    c.deliverAll();
    assertThat(c.decision(2)).isEmpty();
    assertThat(c.decision(3)).isEmpty();
    c.timeoutAll().deliverAll();
    assertAllDecided(c, V2, 2, 3, 4);
  }

  @Test
  void secondDifferentProposalInSameRoundIsRejectedAsEquivocation() {
    final Cluster c = new Cluster(4);
    c.start(3, input(3));
    c.receive(3, c.proposal(1, 1, V1, List.of(), List.of()));
    c.receive(3, c.proposal(1, 1, EVIL, List.of(), List.of()));
    assertRejected(c, 3, Reason.EQUIVOCATION);
    assertThat(c.sentOfType(3, PREPARE)).isEqualTo(1);
  }

  @Test
  void conflictingPreparesFromOneSenderCountOnce() {
    final Cluster c = new Cluster(4);
    c.start(1, V1);
    c.receive(1, c.prepare(2, 1, V1.digest()));
    c.receive(1, c.prepare(2, 1, EVIL.digest()));
    c.receive(1, c.prepare(3, 1, EVIL.digest()));
    assertRejected(c, 1, Reason.EQUIVOCATION);
    assertThat(c.node(1).preparedRound()).isZero();
  }

  @Test
  void conflictingCommitsCannotFormAQuorum() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.proposal(1, 1, V1, List.of(), List.of()));
    c.receive(4, c.commit(1, 1, V1.digest()));
    c.receive(4, c.commit(2, 1, EVIL.digest()));
    c.receive(4, c.commit(2, 1, V1.digest()));
    assertThat(c.decision(4)).isEmpty();
    assertRejected(c, 4, Reason.EQUIVOCATION);
  }

  // ------------------------------------------------------------------ message admission

  @Test
  void proposalFromNonLeaderIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(3, input(3));
    c.receive(3, c.proposal(2, 1, V2, List.of(), List.of()));
    assertRejected(c, 3, Reason.NOT_LEADER);
    assertThat(c.sentOfType(3, PREPARE)).isZero();
  }

  @Test
  void messageFromNonMemberIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(1, V1);
    c.receive(1, c.prepare(5, 1, V1.digest()));
    assertRejected(c, 1, Reason.NOT_MEMBER);
  }

  @Test
  void messageWithBadSignatureIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(1, V1);
    final Payload p = Payload.of(PREPARE, ID, 1, 2, V1.digest());
    c.receive(1, QbftMessage.bare(c.sign(3, p)));
    assertRejected(c, 1, Reason.BAD_SIGNATURE);
  }

  @Test
  void duplicateMessageIsIgnoredWithoutBeingCountedOrPunished() {
    final Cluster c = new Cluster(4);
    c.start(1, V1);
    final QbftMessage prepare = c.prepare(2, 1, V1.digest());
    c.receive(1, prepare);
    c.receive(1, prepare);
    assertThat(c.rejections(1)).extracting(Rejection::reason).containsExactly(Reason.DUPLICATE);
    assertThat(c.rejections(1).get(0).reason().isFault()).isFalse();
    assertThat(c.node(1).preparedRound()).isZero();
  }

  @Test
  void ownMessageEchoedBackIsIgnored() {
    final Cluster c = new Cluster(4);
    c.start(1, V1);
    final QbftMessage own = sentMessages(c, 1, PROPOSAL).get(0);
    c.receive(1, own);
    assertRejected(c, 1, Reason.DUPLICATE);
    assertThat(c.sentOfType(1, PREPARE)).isEqualTo(1);
  }

  @Test
  void messageForAnotherInstanceIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(1, V1);
    final Payload p = Payload.of(PREPARE, new InstanceId(101, 1), 1, 2, V1.digest());
    c.receive(1, QbftMessage.bare(c.sign(2, p)));
    assertRejected(c, 1, Reason.WRONG_INSTANCE);
  }

  @Test
  void messageAboveMaximumRoundIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(1, V1);
    c.receive(1, c.roundChange(2, 33));
    assertRejected(c, 1, Reason.ROUND_TOO_HIGH);
  }

  @Test
  void prepareForOldRoundIsIgnoredAsHarmless() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.timeout(4);
    c.receive(4, c.prepare(2, 1, V1.digest()));
    assertRejected(c, 4, Reason.OLD_ROUND);
    assertThat(c.rejections(4).get(0).reason().isFault()).isFalse();
  }

  @Test
  void proposalForOldRoundIsIgnored() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.timeout(4);
    c.receive(4, c.proposal(1, 1, V1, List.of(), List.of()));
    assertRejected(c, 4, Reason.OLD_ROUND);
    assertThat(c.sentOfType(4, PREPARE)).isZero();
  }

  @Test
  void prepareCarryingAValueIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(1, V1);
    final QbftMessage bad =
        new QbftMessage(c.prepare(2, 1, V1.digest()).signed(), V1, List.of(), List.of(), List.of());
    c.receive(1, bad);
    assertRejected(c, 1, Reason.MALFORMED);
  }

  @Test
  void unpreparedRoundChangeCarryingAValueIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    final QbftMessage bad =
        new QbftMessage(c.roundChangePayload(1, 2, 0, null), EVIL, List.of(), List.of(), List.of());
    c.receive(4, bad);
    assertRejected(c, 4, Reason.MALFORMED);
  }

  @Test
  void proposalWhoseValueDoesNotMatchItsDigestIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(2, input(2));
    final QbftMessage p = c.proposal(1, 1, V1, List.of(), List.of());
    c.receive(2, new QbftMessage(p.signed(), EVIL, List.of(), List.of(), List.of()));
    assertRejected(c, 2, Reason.MALFORMED);
  }

  // ------------------------------------------------------------------ justifications

  @Test
  void roundOneProposalWithJustificationIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(2, input(2));
    c.receive(2, c.proposal(1, 1, V1, c.unpreparedRoundChanges(1, 1, 3, 4), List.of()));
    assertRejected(c, 2, Reason.INVALID_JUSTIFICATION);
  }

  @Test
  void laterRoundProposalWithoutJustificationIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.proposal(2, 2, V2, List.of(), List.of()));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
  }

  @Test
  void tooFewRoundChangesInJustificationAreRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.proposal(2, 2, V2, c.unpreparedRoundChanges(2, 1, 2), List.of()));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
  }

  @Test
  void forgedRoundChangeSignaturesInJustificationAreRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    final List<SignedPayload> forged = new ArrayList<>();
    for (int op = 1; op <= 3; op++) {
      forged.add(c.sign(2, Payload.roundChange(ID, 2, op, 0, null)));
    }
    c.receive(4, c.proposal(2, 2, EVIL, forged, List.of()));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
    assertThat(c.sentOfType(4, PREPARE)).isZero();
  }

  @Test
  void repeatedSenderInJustificationIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.proposal(2, 2, EVIL, c.unpreparedRoundChanges(2, 2, 2, 3), List.of()));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
  }

  @Test
  void justificationWithRoundChangesOfAnotherRoundIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.proposal(2, 2, EVIL, c.unpreparedRoundChanges(3, 1, 2, 3), List.of()));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
  }

  @Test
  void roundChangeWithForgedPrepareCertificateIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    final List<SignedPayload> forged = new ArrayList<>();
    for (int op = 1; op <= 3; op++) {
      forged.add(c.sign(1, Payload.of(PREPARE, ID, 1, op, EVIL.digest())));
    }
    c.receive(4, c.preparedRoundChange(1, 2, 1, EVIL, forged));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
  }

  @Test
  void roundChangeWithCertificateForAnotherValueIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.preparedRoundChange(1, 2, 1, EVIL, c.prepares(1, V1, 1, 2, 3)));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
  }

  @Test
  void roundChangeWithCertificateOfAnotherRoundIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.preparedRoundChange(1, 3, 2, V1, c.prepares(1, V1, 1, 2, 3)));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
  }

  @Test
  void roundChangeWithTooSmallCertificateIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.preparedRoundChange(1, 2, 1, V1, c.prepares(1, V1, 1, 2)));
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
  }

  // ------------------------------------------------------------------ value validation

  @Test
  void refusedValueIsNotPrepared() {
    final Cluster c =
        new Cluster(
            4,
            (id, v) -> v.equals(V1) ? Optional.of("slashing protection refuses") : Optional.empty(),
            16);
    c.startAll().deliverAll();
    assertRejected(c, 2, Reason.VALUE_REFUSED);
    assertThat(c.sentOfType(2, PREPARE)).isZero();
    assertThat(c.decision(2)).isEmpty();
  }

  @Test
  void refusedValueLeadsToRoundChangeAndAnotherValue() {
    final Cluster c =
        new Cluster(4, (id, v) -> v.equals(V1) ? Optional.of("refused") : Optional.empty(), 16);
    c.startAll().deliverAll().timeoutAll().deliverAll();
    assertAllDecided(c, V2, 1, 2, 3, 4);
  }

  // ------------------------------------------------------------------ decided proof

  @Test
  void lateNodeFinishesViaDecidedProof() {
    final Cluster c = new Cluster(4).crash(4);
    for (int op = 1; op <= 3; op++) {
      c.start(op, input(op));
    }
    c.deliverAll();
    assertAllDecided(c, V1, 1, 2, 3);
    c.restart(4, 2 * T + T / 2, input(4));
    c.deliverAll();
    assertAllDecided(c, V1, 4);
    assertThat(c.sentOfType(1, DECIDED)).isEqualTo(1);
  }

  @Test
  void restartedNodeStartsInRoundGivenByClockAndAnnouncesIt() {
    final Cluster c = new Cluster(4);
    final Effects effects = c.startAt(4, 2 * T + T / 2, input(4));
    assertThat(c.node(4).round()).isEqualTo(3);
    assertThat(effects.timers()).extracting(TimerRequest::deadlineMillis).containsExactly(3 * T);
    assertThat(sentMessages(c, 4, ROUND_CHANGE)).extracting(QbftMessage::round).containsExactly(3);
  }

  @Test
  void decidedNodeDoesNotAnswerCommitsOfPeersThatAreDecidingToo() {
    final Cluster c = new Cluster(4).startAll().deliverAll();
    for (int op = 1; op <= 4; op++) {
      assertThat(c.sentOfType(op, DECIDED)).isZero();
    }
  }

  @Test
  void decidedProofIsAnsweredOncePerPeerRound() {
    final Cluster c = new Cluster(4).startAll().deliverAll();
    final QbftMessage rc = c.roundChange(4, 2);
    c.receive(1, rc);
    c.receive(1, rc);
    c.receive(1, c.roundChange(4, 3));
    assertThat(
            c.sent(1).stream()
                .filter(o -> o.message().type() == DECIDED && o.recipient() == 4)
                .count())
        .isEqualTo(2);
  }

  @Test
  void decidedProofAnswersAreBoundedPerPeer() {
    final Cluster c = new Cluster(4, (id, v) -> Optional.empty(), 2).startAll().deliverAll();
    for (int round = 2; round <= 6; round++) {
      c.receive(1, c.roundChange(4, round));
    }
    assertThat(c.sentOfType(1, DECIDED)).isEqualTo(2);
  }

  @Test
  void forgedDecidedProofIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    final List<SignedPayload> forged = new ArrayList<>();
    for (int op = 1; op <= 3; op++) {
      forged.add(c.sign(1, Payload.of(COMMIT, ID, 1, op, EVIL.digest())));
    }
    final QbftMessage proof =
        new QbftMessage(
            c.sign(1, Payload.of(DECIDED, ID, 1, 1, EVIL.digest())),
            EVIL,
            List.of(),
            List.of(),
            forged);
    c.receive(4, proof);
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
    assertThat(c.decision(4)).isEmpty();
  }

  @Test
  void decidedProofWithTooFewCommitsIsRejected() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    final QbftMessage proof =
        new QbftMessage(
            c.sign(1, Payload.of(DECIDED, ID, 1, 1, EVIL.digest())),
            EVIL,
            List.of(),
            List.of(),
            c.commits(1, EVIL, 1, 2));
    c.receive(4, proof);
    assertRejected(c, 4, Reason.INVALID_JUSTIFICATION);
    assertThat(c.decision(4)).isEmpty();
  }

  @Test
  void validDecidedProofDecidesImmediately() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    final QbftMessage proof =
        new QbftMessage(
            c.sign(2, Payload.of(DECIDED, ID, 3, 2, V2.digest())),
            V2,
            List.of(),
            List.of(),
            c.commits(3, V2, 1, 2, 3));
    c.receive(4, proof);
    assertAllDecided(c, V2, 4);
    assertThat(c.decision(4).get().round()).isEqualTo(3);
  }

  // ------------------------------------------------------------------ timers

  @Test
  void staleTimerIsIgnored() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.timeout(4);
    assertThat(c.node(4).onTimer(1, 2 * T)).isEqualTo(Effects.NONE);
    assertThat(c.node(4).round()).isEqualTo(2);
  }

  @Test
  void lateTimerJumpsToRoundGivenByClock() {
    final Cluster c = new Cluster(4);
    c.start(4, input(4));
    c.receive(4, c.proposal(1, 1, V1, List.of(), List.of()));
    final Effects effects = c.node(4).onTimer(1, 3 * T + T / 2);
    assertThat(c.node(4).round()).isEqualTo(4);
    assertThat(effects.timers()).extracting(TimerRequest::deadlineMillis).containsExactly(4 * T);
    assertThat(effects.messages()).hasSize(1);
    assertThat(effects.messages().get(0).message().round()).isEqualTo(4);
  }

  @Test
  void decidedNodeIgnoresTimers() {
    final Cluster c = new Cluster(4).startAll().deliverAll();
    assertThat(c.node(2).onTimer(1, T)).isEqualTo(Effects.NONE);
  }

  @Test
  void roundTimersAreAnchoredToInstanceStart() {
    final Cluster c = new Cluster(4);
    final Effects start = c.start(2, input(2));
    assertThat(start.timers()).extracting(TimerRequest::deadlineMillis).containsExactly(T);
    final Effects skip = c.receive(2, c.roundChange(1, 4));
    assertThat(skip.timers()).isEmpty();
    final Effects jump = c.receive(2, c.roundChange(3, 4));
    assertThat(jump.timers()).extracting(TimerRequest::deadlineMillis).containsExactly(4 * T);
  }

  @Test
  void aProposalThatArrivesExtendsItsRoundWithTheDoublingTimerSoASlowQuorumStillDecides() {
    final Cluster c = new Cluster(4, RoundTimerPolicy.fixed(T).doubledOnceProposed());
    final Effects start = c.start(2, input(2));
    assertThat(start.timers()).extracting(TimerRequest::deadlineMillis).containsExactly(T);
    final Effects accepted = c.receive(2, c.proposal(1, 1, V1, List.of(), List.of()));
    assertThat(accepted.timers()).extracting(TimerRequest::deadlineMillis).containsExactly(2 * T);
    c.receive(2, c.prepare(1, 1, V1.digest()));
    c.receive(2, c.prepare(3, 1, V1.digest()));
    c.receive(2, c.commit(1, 1, V1.digest()));
    c.receive(2, c.commit(3, 1, V1.digest()));
    assertAllDecided(c, V1, 2);
    assertThat(c.decision(2).get().round()).isEqualTo(1);
  }

  @Test
  void anEquivocatingLeadersRoundLosesItsExtensionOnceItsValueCannotGatherAQuorum() {
    final Cluster c = new Cluster(4, RoundTimerPolicy.fixed(T).doubledOnceProposed());
    c.start(2, input(2));
    c.receive(2, c.proposal(1, 1, V1, List.of(), List.of()));
    final Effects one = c.receive(2, c.prepare(3, 1, EVIL.digest()));
    assertThat(one.timers()).isEmpty();
    final Effects two = c.receive(2, c.prepare(4, 1, EVIL.digest()));
    assertThat(two.timers()).extracting(TimerRequest::deadlineMillis).containsExactly(T);
    final Effects later = c.receive(2, c.prepare(1, 1, EVIL.digest()));
    assertThat(later.timers()).isEmpty();
  }

  @Test
  void preparesForAnotherValueThatCameBeforeTheProposalAlsoEndTheExtension() {
    final Cluster c = new Cluster(4, RoundTimerPolicy.fixed(T).doubledOnceProposed());
    c.start(2, input(2));
    c.receive(2, c.prepare(3, 1, EVIL.digest()));
    c.receive(2, c.prepare(4, 1, EVIL.digest()));
    final Effects accepted = c.receive(2, c.proposal(1, 1, V1, List.of(), List.of()));
    assertThat(accepted.timers())
        .extracting(TimerRequest::deadlineMillis)
        .containsExactly(2 * T, T);
  }

  @Test
  void withoutTheDoublingTimerAnAcceptedProposalLeavesTheRoundEndAsItWas() {
    final Cluster c = new Cluster(4);
    c.start(2, input(2));
    final Effects accepted = c.receive(2, c.proposal(1, 1, V1, List.of(), List.of()));
    assertThat(accepted.timers()).isEmpty();
  }

  @Test
  void theLeaderExtendsItsOwnRoundWithTheDoublingTimer() {
    final Cluster c = new Cluster(4, RoundTimerPolicy.fixed(T).doubledOnceProposed());
    final Effects start = c.start(1, input(1));
    assertThat(start.timers()).extracting(TimerRequest::deadlineMillis).containsExactly(T, 2 * T);
  }

  // ------------------------------------------------------------------ unreachable leader

  @Test
  void anUnreachableLeaderIsNotWaitedForAndTheNextRoundDecidesWithoutATimer() {
    final Cluster c = new Cluster(4).crash(1).startAll();
    for (int op = 2; op <= 4; op++) {
      c.leaderUnreachable(op, 0);
    }
    c.deliverAll();
    assertAllDecided(c, V2, 2, 3, 4);
    assertThat(c.decision(3).get().round()).isEqualTo(2);
    assertThat(sentMessages(c, 3, ROUND_CHANGE)).extracting(QbftMessage::round).containsExactly(2);
  }

  @Test
  void aRoundWhoseProposalArrivedIsNotLeftWhenItsLeaderBecomesUnreachable() {
    final Cluster c = new Cluster(4).startAll();
    c.deliverAll(e -> e.type() == PROPOSAL);
    assertThat(c.leaderUnreachable(2, 0)).isEqualTo(Effects.NONE);
    assertThat(c.node(2).round()).isEqualTo(1);
  }

  @Test
  void theLeaderNeverLeavesItsOwnRoundForUnreachability() {
    final Cluster c = new Cluster(4).startAll();
    assertThat(c.leaderUnreachable(1, 0)).isEqualTo(Effects.NONE);
    assertThat(c.node(1).round()).isEqualTo(1);
  }
}
