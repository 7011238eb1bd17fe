package io.dvc.slashing;

import java.nio.ByteBuffer;

/** Seeded-free deterministic keys and roots for tests. */
final class SlashingTestData {
  private SlashingTestData() {}

  static Pubkey pubkey(final int index) {
    final byte[] bytes = new byte[Pubkey.LENGTH];
    ByteBuffer.wrap(bytes).putInt(0xa0000000 | index);
    bytes[Pubkey.LENGTH - 1] = (byte) index;
    return Pubkey.of(bytes);
  }

  static Root root(final long value) {
    final byte[] bytes = new byte[Root.LENGTH];
    ByteBuffer.wrap(bytes).putLong(24, value);
    return Root.of(bytes);
  }

  static AttestationSigningRequest attestation(
      final Pubkey pubkey, final long source, final long target, final long root) {
    return new AttestationSigningRequest(pubkey, source, target, root(root));
  }

  static BlockSigningRequest block(final Pubkey pubkey, final long slot, final long root) {
    return new BlockSigningRequest(pubkey, slot, root(root));
  }
}
