package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;

/**
 * {@code GET /eth/v1/config/spec}: the {@code data} object of configuration values, for start-up
 * code (the fork schedule and preset are read from it). Refused unless it is an object with {@code
 * SECONDS_PER_SLOT} and {@code SLOTS_PER_EPOCH}.
 */
public final class GetSpec implements BeaconRequest<JsonNode> {
  private static final String ENDPOINT = "/eth/v1/config/spec";

  @Override
  public Kind kind() {
    return Kind.READ;
  }

  @Override
  public HttpForm form() {
    return HttpForm.get(ENDPOINT);
  }

  @Override
  public JsonNode read(final BeaconAnswer answer) {
    final JsonNode data = answer.data(ENDPOINT);
    if (!data.isObject()) {
      throw Answers.invalid(answer, ENDPOINT, "data is not an object");
    }
    for (final String key : new String[] {"SECONDS_PER_SLOT", "SLOTS_PER_EPOCH"}) {
      if (!data.path(key).isValueNode()) {
        throw Answers.invalid(answer, ENDPOINT, "data has no " + key);
      }
    }
    return data;
  }

  @Override
  public int maxAnswerBytes() {
    return 1 << 20;
  }
}
