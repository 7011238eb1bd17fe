package io.dvc.app.lodestar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The source patches Lodestar 1.5.1 needs for a dev chain with every fork up to Capella at genesis
 * beside a DVC cluster (app/lodestar/README.md says why). Each replaces one exact text in an
 * installed file; applying them again changes nothing, and a file that holds neither the original
 * nor the patched text (another Lodestar version) is an error naming the file.
 */
public final class LodestarPatches {
  /** The mock execution engine's genesis block hash: Lodestar's dev eth1 block hash, 32 x 0x0b. */
  public static final String DEV_GENESIS_BLOCK_HASH = "0x" + "0b".repeat(32);

  /** One exact-text replacement in a file below node_modules. */
  public record Patch(String file, String why, String original, String patched) {}

  public static final List<Patch> PATCHES =
      List.of(
          new Patch(
              "@chainsafe/lodestar/lib/options/beaconNodeOptions/execution.js",
              "--execution.engineMock builds its mock engine with an empty genesis block hash and"
                  + " no Capella timestamp, so on a chain that is post-merge at genesis it answers"
                  + " SYNCING to every payload and builds Bellatrix payloads after Capella",
              "            mode: \"mock\",\n            genesisBlockHash: \"\",\n",
              "            mode: \"mock\",\n            genesisBlockHash: \""
                  + DEV_GENESIS_BLOCK_HASH
                  + "\",\n            capellaForkTimestamp: 0,\n"),
          new Patch(
              "@lodestar/beacon-node/lib/api/impl/validator/index.js",
              "getProposerDuties(next epoch) answers the next epoch's proposers with the current"
                  + " epoch's slots (fixed upstream in v1.18)",
              "const startSlot = computeStartSlotAtEpoch(stateEpoch);\n",
              "const startSlot = computeStartSlotAtEpoch(epoch);\n"),
          new Patch(
              "@lodestar/beacon-node/lib/sync/sync.js",
              "a node without peers whose head is more than one epoch behind the clock calls itself"
                  + " stalled and refuses every validator duty, so a dev chain whose proposers miss"
                  + " eight slots in a row (the cluster's validators do not propose yet; a busy"
                  + " machine) can never produce a block again; with --sync.isSingleNode (the dev"
                  + " default) the tolerance becomes four epochs (upstream made it an option,"
                  + " --sync.slotImportTolerance, in #6163)",
              "        this.slotImportTolerance = SLOTS_PER_EPOCH;\n",
              "        this.slotImportTolerance = opts.isSingleNode ? 4 * SLOTS_PER_EPOCH :"
                  + " SLOTS_PER_EPOCH;\n"));

  private LodestarPatches() {}

  /**
   * Applies every patch below {@code nodeModules}; returns the files it changed (empty when all
   * were applied before).
   *
   * @throws IOException naming the file when it is missing or holds neither text
   */
  public static List<Path> apply(final Path nodeModules) throws IOException {
    final List<Path> changed = new ArrayList<>();
    for (final Patch patch : PATCHES) {
      final Path file = nodeModules.resolve(patch.file());
      if (!Files.isRegularFile(file)) {
        throw new IOException(file + ": missing; is Lodestar 1.5.1 installed?");
      }
      final String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.contains(patch.patched())) {
        continue;
      }
      final int at = text.indexOf(patch.original());
      if (at < 0 || text.indexOf(patch.original(), at + 1) >= 0) {
        throw new IOException(
            file
                + ": the text to patch is "
                + (at < 0 ? "missing" : "not unique")
                + " (not Lodestar 1.5.1?): "
                + patch.original().strip());
      }
      final String result =
          text.substring(0, at) + patch.patched() + text.substring(at + patch.original().length());
      final Path temp = Files.createTempFile(file.getParent(), ".dvc-patch", ".tmp");
      Files.writeString(temp, result, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      changed.add(file);
    }
    return List.copyOf(changed);
  }
}
