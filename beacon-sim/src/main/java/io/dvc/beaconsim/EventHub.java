package io.dvc.beaconsim;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open {@code /eth/v1/events} streams and the topics each asked for. */
final class EventHub {
  /**
   * The topics of the beacon-APIs events endpoint; only head, block and finalized_checkpoint fire.
   */
  static final Set<String> KNOWN_TOPICS =
      Set.of(
          "head",
          "block",
          "block_gossip",
          "attestation",
          "single_attestation",
          "voluntary_exit",
          "bls_to_execution_change",
          "proposer_slashing",
          "attester_slashing",
          "finalized_checkpoint",
          "chain_reorg",
          "contribution_and_proof",
          "light_client_finality_update",
          "light_client_optimistic_update",
          "payload_attributes",
          "blob_sidecar",
          "data_column_sidecar");

  private final ConcurrentHashMap<Channel, Set<String>> streams = new ConcurrentHashMap<>();

  void add(final Channel channel, final Set<String> topics) {
    streams.put(channel, Set.copyOf(topics));
    channel.closeFuture().addListener(f -> streams.remove(channel));
  }

  int size() {
    return streams.size();
  }

  /** Sends one event to every stream that subscribed to its topic. */
  void publish(final String topic, final String json) {
    final byte[] bytes =
        ("event: " + topic + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    streams.forEach(
        (channel, topics) -> {
          if (topics.contains(topic) && channel.isActive()) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
          }
        });
  }

  void closeAll() {
    streams.keySet().forEach(Channel::close);
    streams.clear();
  }
}
