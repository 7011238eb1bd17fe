package io.dvc.node.status;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One section of {@code /dvc/v1/status} (and of {@code dvc status}): a name (the JSON key) and a
 * snapshot. Snapshots are taken on an HTTP thread, possibly while the node works: they must be
 * thread-safe and cheap (read what background tasks gathered; never wait for a beacon node or a
 * peer). A section that throws is shown as {@code {"error": "..."}} without hiding the others.
 *
 * <p>To add a section: implement this, register it with {@link NodeStatus#register} where the node
 * is assembled ({@code CoordinatorNode}), and optionally give {@code dvc status} a table for it
 * ({@code io.dvc.app.cli.StatusCommand}; unknown sections are printed as indented key: value
 * lines).
 */
public interface StatusSection {
  /** The JSON key of the section: lower case with underscores, unique in a node. */
  String name();

  /** The section's current content. */
  JsonNode snapshot();
}
