package io.dvc.node.beacon.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconRequest;
import io.dvc.node.beacon.HttpForm;
import io.dvc.spec.Schemas;
import io.dvc.spec.types.SignedValidatorRegistrationV1;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /eth/v1/validator/register_validator} ({@code SignedValidatorRegistrationV1[]}) to
 * every beacon node, which passes them on to its builder; succeeds when one accepts.
 */
public final class RegisterValidator implements BeaconRequest<Accepted> {
  private static final String ENDPOINT = "/eth/v1/validator/register_validator";
  private final String body;

  public RegisterValidator(final List<SignedValidatorRegistrationV1> registrations) {
    final ArrayNode array = JsonNodeFactory.instance.arrayNode(registrations.size());
    registrations.forEach(r -> array.add(Schemas.MAINNET.signedValidatorRegistrationV1.toJson(r)));
    this.body = array.toString();
  }

  @Override
  public Kind kind() {
    return Kind.WRITE;
  }

  @Override
  public HttpForm form() {
    return HttpForm.postJson(ENDPOINT, body, Map.of());
  }

  @Override
  public int maxAnswerBytes() {
    return 64 << 10;
  }

  @Override
  public Accepted read(final BeaconAnswer answer) {
    answer.requireSuccess(ENDPOINT);
    return Accepted.ACCEPTED;
  }
}
