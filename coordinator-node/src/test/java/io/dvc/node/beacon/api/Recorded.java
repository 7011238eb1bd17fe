package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.HttpForm;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Recorded beacon-node answers for the request tests. */
final class Recorded {
  private Recorded() {}

  static final String NODE = "http://bn:5052";

  static BeaconAnswer answer(final int status, final String json) {
    return new BeaconAnswer(
        NODE, status, Map.of("Content-Type", HttpForm.JSON), json.getBytes(StandardCharsets.UTF_8));
  }

  static String body(final HttpForm form) {
    return new String(form.body().orElseThrow().bytes(), StandardCharsets.UTF_8);
  }

  static String root(final int fill) {
    return "0x" + String.format("%02x", fill).repeat(32);
  }

  static String pubkey(final int fill) {
    return "0x" + String.format("%02x", fill).repeat(48);
  }
}
