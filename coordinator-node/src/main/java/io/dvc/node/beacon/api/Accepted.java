package io.dvc.node.beacon.api;

/** The result of a write that answers nothing but success. */
public enum Accepted {
  ACCEPTED
}
