package io.dvc.p2p.noise;

/** Test access to the package-private AEADs, for the JMH benchmark in {@code io.dvc.p2p.bench}. */
public final class AeadFixture {
  private final Aead aead;

  /**
   * @param implementation {@code scalar} (our code, scalar ChaCha20), {@code vector} (our code,
   *     Vector API ChaCha20) or {@code jdk} (the JDK provider)
   */
  public AeadFixture(final String implementation, final byte[] key) {
    this.aead =
        switch (implementation) {
          case "scalar" -> new ChaCha20Poly1305(new ChaCha20(key));
          case "vector" -> new ChaCha20Poly1305(new ChaCha20Vector(key));
          case "jdk" -> new Aead.Jdk(key);
          default -> throw new IllegalArgumentException("unknown AEAD " + implementation);
        };
  }

  public void seal(final long counter, final byte[] buf, final int off, final int len) {
    aead.seal(counter, new byte[0], buf, off, len);
  }

  public boolean open(final long counter, final byte[] buf, final int off, final int len) {
    return aead.open(counter, new byte[0], buf, off, len);
  }
}
