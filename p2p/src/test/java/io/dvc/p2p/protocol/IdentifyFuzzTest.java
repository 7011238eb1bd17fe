package io.dvc.p2p.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dvc.p2p.PeerId;
import io.dvc.p2p.messaging.LengthPrefixedDecoder;
import io.dvc.p2p.util.MalformedInputException;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Coverage-guided: what a peer sends on {@code /ipfs/id/1.0.0}, as {@link IdentifyProtocol#read}
 * consumes it: a varint length-prefixed stream split into chunks, then the identify protobuf and
 * the public key it carries (secp256k1, Ed25519, RSA) and the peer id made from it.
 *
 * <p>Contract: the only failure is {@link MalformedInputException}; no message over the limit is
 * ever handed out; a decoded message re-encodes to a fixed point (what we accepted is what we would
 * send).
 */
class IdentifyFuzzTest {
  @FuzzTest
  void hostileIdentify(final byte[] input) {
    if (input.length == 0) {
      return;
    }
    final int chunk = 1 + (input[0] & 0xFF);
    final LengthPrefixedDecoder decoder =
        new LengthPrefixedDecoder(IdentifyProtocol.MAX_MESSAGE_LENGTH);
    try {
      for (int off = 1; off < input.length; off += chunk) {
        final List<byte[]> messages =
            decoder.feed(Unpooled.wrappedBuffer(input, off, Math.min(chunk, input.length - off)));
        for (final byte[] m : messages) {
          assertThat(m.length).isLessThanOrEqualTo(IdentifyProtocol.MAX_MESSAGE_LENGTH);
          identify(m);
        }
      }
    } catch (final MalformedInputException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    }
  }

  private static void identify(final byte[] bytes) {
    final IdentifyMessage m;
    try {
      m = IdentifyMessage.decode(bytes);
    } catch (final MalformedInputException e) {
      return;
    }
    final byte[] again = IdentifyMessage.decode(m.encode()).encode();
    assertThat(again).isEqualTo(m.encode());
    try {
      final PeerId peer = m.peerId();
      assertThat(PeerId.fromBytes(peer.toBytes())).isEqualTo(peer);
    } catch (final MalformedInputException e) {
      // an unusable key: the dialer resets the stream
    }
  }
}
