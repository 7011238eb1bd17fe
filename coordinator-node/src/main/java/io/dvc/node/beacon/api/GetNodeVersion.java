package io.dvc.node.beacon.api;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.node.beacon.Untrusted;

/**
 * {@code GET /eth/v1/node/version}: the node's version string, escaped and at most 200 characters
 * (it goes into logs and metrics labels).
 */
public final class GetNodeVersion implements BeaconRequest<String> {
  private static final String ENDPOINT = "/eth/v1/node/version";

  @Override
  public Kind kind() {
    return Kind.READ;
  }

  @Override
  public HttpForm form() {
    return HttpForm.get(ENDPOINT);
  }

  @Override
  public String read(final BeaconAnswer answer) {
    final var version = answer.data(ENDPOINT).get("version");
    if (version == null || !version.isTextual()) {
      throw Answers.invalid(answer, ENDPOINT, "data has no version string");
    }
    return Untrusted.escape(version.asText(), 200);
  }

  @Override
  public int maxAnswerBytes() {
    return 16 << 10;
  }
}
