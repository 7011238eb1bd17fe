package io.dvc.slashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Coverage-guided: the bytes of an EIP-3076 interchange file through the streaming {@link
 * InterchangeV5Reader}.
 *
 * <p>Contract: the only failure is {@link InterchangeFormatException}, one line naming the file,
 * with every control character from the file escaped; the sink sees the metadata once and before
 * any validator, and never more records than the reader's cap.
 */
class InterchangeFuzzTest {
  private static final String FILE = "fuzz.json";

  @FuzzTest
  void hostileInterchange(final byte[] input) {
    final int[] metadata = {0};
    final long[] records = {0};
    final InterchangeV5Reader reader =
        new InterchangeV5Reader(
            FILE,
            new InterchangeV5Reader.Sink() {
              @Override
              public void metadata(final Root genesisValidatorsRoot) {
                metadata[0]++;
              }

              @Override
              public void validator(
                  final Pubkey pubkey,
                  final List<SignedBlockRecord> blocks,
                  final List<SignedAttestationRecord> attestations) {
                if (metadata[0] != 1) {
                  fail("validator before metadata");
                }
                records[0] += blocks.size() + attestations.size();
              }
            });
    try {
      reader.read(new ByteArrayInputStream(input));
      assertThat(metadata[0]).isEqualTo(1);
    } catch (final InterchangeFormatException e) {
      assertThat(e.getMessage()).startsWith(FILE + ": ");
      assertThat(e.getMessage().chars().noneMatch(c -> c < 0x20 || c == 0x7f))
          .as("no control characters in %s", e.getMessage())
          .isTrue();
    }
    assertThat(metadata[0]).isLessThanOrEqualTo(1);
    assertThat(records[0]).isLessThanOrEqualTo(InterchangeV5Reader.MAX_RECORDS);
  }
}
