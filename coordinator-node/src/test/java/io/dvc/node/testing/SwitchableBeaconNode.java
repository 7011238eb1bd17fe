package io.dvc.node.testing;

import io.dvc.node.beacon.BeaconAnswer;
import io.dvc.node.beacon.BeaconApiException;
import io.dvc.node.beacon.BeaconNode;
import io.dvc.node.beacon.HttpForm;
import java.util.concurrent.CompletableFuture;

/**
 * A beacon node that can be taken down: while down, the duty-time requests (attestation data,
 * submissions) fail as an unreachable node's would; duty loading still passes.
 */
public final class SwitchableBeaconNode implements BeaconNode {
  private final BeaconNode delegate;
  private volatile boolean down;

  public SwitchableBeaconNode(final BeaconNode delegate) {
    this.delegate = delegate;
  }

  public void setDown(final boolean value) {
    this.down = value;
  }

  @Override
  public String url() {
    return delegate.url();
  }

  @Override
  public CompletableFuture<BeaconAnswer> exchange(final HttpForm form, final int maxAnswerBytes) {
    final boolean dutyTime =
        form.path().endsWith("/attestation_data") || form.path().contains("/pool/");
    if (down && dutyTime) {
      return CompletableFuture.failedFuture(
          new BeaconApiException(url() + form.path() + ": connection refused", -1));
    }
    return delegate.exchange(form, maxAnswerBytes);
  }
}
