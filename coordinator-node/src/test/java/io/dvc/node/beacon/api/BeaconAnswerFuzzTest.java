package io.dvc.node.beacon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.spec.ForkName;
import io.dvc.spec.Schemas;
import io.dvc.spec.ssz.Bytes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Coverage-guided: a beacon node's answer (any status, JSON or SSZ content type, any body) read by
 * each Beacon-API request the node makes: attestation data, proposer, attester and sync duties,
 * liveness, validators, genesis, syncing, version, spec and block production (v3).
 *
 * <p>Contract: {@link BeaconRequest#read} returns a value or throws {@link BeaconApiException} with
 * a one-line message (that node's failure, so failover asks the next); never another exception.
 */
class BeaconAnswerFuzzTest {
  private static final List<BeaconRequest<?>> REQUESTS =
      List.of(
          new GetAttestationData(33, 2, 32),
          new GetProposerDuties(1, 32),
          new PostAttesterDuties(1, List.of(0L, 5L), 32),
          new PostSyncDuties(1, List.of(0L, 5L), 512),
          new PostLiveness(1, List.of(0L, 5L)),
          new PostStateValidators(List.of("0x" + "ab".repeat(48))),
          new GetGenesis(),
          new GetSyncing(),
          new GetNodeVersion(),
          new GetSpec(),
          ProduceBlock.v3(
              Schemas.MAINNET,
              ForkName.ELECTRA,
              33,
              7,
              Bytes.zero(96),
              Bytes.zero(32),
              Optional.empty()));

  @FuzzTest
  void hostileAnswer(final FuzzedDataProvider data) {
    final BeaconRequest<?> request = REQUESTS.get(data.consumeInt(0, REQUESTS.size() - 1));
    final int status = data.consumeBoolean() ? 200 : data.consumeInt(100, 599);
    final String contentType =
        data.pickValue(
            new String[] {"application/json", "application/octet-stream", "text/plain", ""});
    final Map<String, String> headers =
        contentType.isEmpty()
            ? Map.of()
            : Map.of(
                "Content-Type",
                contentType,
                "Eth-Consensus-Version",
                data.pickValue(new String[] {"electra", "deneb", "fulu", "x"}));
    final byte[] body = data.consumeRemainingAsBytes();
    final BeaconAnswer answer = new BeaconAnswer("http://fuzz", status, headers, body);
    try {
      final Object value = request.read(answer);
      assertThat(value).isNotNull();
    } catch (final BeaconApiException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
    }
  }
}
