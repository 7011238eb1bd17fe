package io.dvc.node.beacon.api;

import io.dvc.spec.Blocks;
import io.dvc.spec.ForkName;
import io.dvc.spec.ForkSchemas;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.ssz.ContainerType;
import io.dvc.spec.types.BeaconBlock;
import io.dvc.spec.types.BlindedBeaconBlock;
import io.dvc.spec.types.BlockContents;
import java.util.Optional;

/**
 * The unsigned block of a proposal as the beacon node produced it, in one of three forms: a full
 * block (before Deneb), a full block with its blobs and KZG proofs (Deneb on), or a blinded block.
 * Its consensus value is {@code fork (1 byte) ‖ blinded (1 byte) ‖ SSZ of the form}: the whole
 * block, blobs included, because other operators' beacon nodes do not hold the leader's payload.
 */
public sealed interface ProposalBlock {
  ForkName fork();

  long slot();

  long proposerIndex();

  Bytes randaoReveal();

  /** The execution fee recipient of a full block; empty for a blinded one (the builder's). */
  Optional<Bytes> feeRecipient();

  boolean blinded();

  /** The signing root (equal for the full and the blinded form of a block). */
  Bytes signingRoot(SigningRoots roots);

  /** A full block (Capella and before). */
  record Full(ForkName fork, BeaconBlock block) implements ProposalBlock {
    @Override
    public long slot() {
      return block.slot();
    }

    @Override
    public long proposerIndex() {
      return block.proposerIndex();
    }

    @Override
    public Bytes randaoReveal() {
      return block.body().randaoReveal();
    }

    @Override
    public Optional<Bytes> feeRecipient() {
      return Blocks.executionPayload(block.body()).map(p -> p.feeRecipient());
    }

    @Override
    public boolean blinded() {
      return false;
    }

    @Override
    public Bytes signingRoot(final SigningRoots roots) {
      return roots.block(block);
    }
  }

  /** A full block with its blobs and KZG proofs (Deneb on). */
  record WithBlobs(ForkName fork, BlockContents contents) implements ProposalBlock {
    @Override
    public long slot() {
      return contents.block().slot();
    }

    @Override
    public long proposerIndex() {
      return contents.block().proposerIndex();
    }

    @Override
    public Bytes randaoReveal() {
      return contents.block().body().randaoReveal();
    }

    @Override
    public Optional<Bytes> feeRecipient() {
      return Blocks.executionPayload(contents.block().body()).map(p -> p.feeRecipient());
    }

    @Override
    public boolean blinded() {
      return false;
    }

    @Override
    public Bytes signingRoot(final SigningRoots roots) {
      return roots.block(contents.block());
    }
  }

  /** A blinded block: the builder holds the payload. */
  record Blinded(ForkName fork, BlindedBeaconBlock block) implements ProposalBlock {
    @Override
    public long slot() {
      return block.slot();
    }

    @Override
    public long proposerIndex() {
      return block.proposerIndex();
    }

    @Override
    public Bytes randaoReveal() {
      return block.body().randaoReveal();
    }

    @Override
    public Optional<Bytes> feeRecipient() {
      return Optional.empty();
    }

    @Override
    public boolean blinded() {
      return true;
    }

    @Override
    public Bytes signingRoot(final SigningRoots roots) {
      return roots.block(block);
    }
  }

  /** The consensus value of this block. */
  public static byte[] encode(final Schemas schemas, final ProposalBlock block) {
    final ForkSchemas fork = schemas.at(block.fork());
    final byte[] ssz;
    if (block instanceof Full f) {
      ssz = fork.beaconBlock().serialize(f.block());
    } else if (block instanceof WithBlobs w) {
      ssz = fork.blockContents().orElseThrow().serialize(w.contents());
    } else {
      ssz = fork.blindedBeaconBlock().orElseThrow().serialize(((Blinded) block).block());
    }
    final byte[] value = new byte[ssz.length + 2];
    value[0] = (byte) block.fork().ordinal();
    value[1] = (byte) (block.blinded() ? 1 : 0);
    System.arraycopy(ssz, 0, value, 2, ssz.length);
    return value;
  }

  /** Decodes a consensus value; throws IllegalArgumentException (or SszException) if malformed. */
  public static ProposalBlock decode(final Schemas schemas, final byte[] value) {
    if (value.length < 2 || value[0] < 0 || value[0] >= ForkName.values().length) {
      throw new IllegalArgumentException("not a block value");
    }
    final ForkName forkName = ForkName.values()[value[0]];
    final ForkSchemas fork = schemas.at(forkName);
    final byte[] ssz = java.util.Arrays.copyOfRange(value, 2, value.length);
    if (value[1] == 1) {
      return new Blinded(forkName, read(fork.blindedBeaconBlock(), ssz, forkName));
    }
    if (value[1] != 0) {
      throw new IllegalArgumentException("bad blinded flag " + value[1]);
    }
    if (fork.blockContents().isPresent()) {
      return new WithBlobs(forkName, fork.blockContents().get().deserialize(ssz));
    }
    return new Full(forkName, fork.beaconBlock().deserialize(ssz));
  }

  private static <T> T read(
      final Optional<ContainerType<T>> type, final byte[] ssz, final ForkName fork) {
    return type.orElseThrow(
            () -> new IllegalArgumentException("no blinded blocks at " + fork.jsonName()))
        .deserialize(ssz);
  }
}
