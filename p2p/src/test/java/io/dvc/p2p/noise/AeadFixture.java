package io.dvc.p2p.noise;

/** Test access to the package-private AEADs, for the JMH benchmark in {@code io.dvc.p2p.bench}. */
public final class AeadFixture {
  private final Aead aead;

  /**
   * @param implementation {@code scalar} (our code, scalar), {@code vector-chacha} (our code,
   *     ChaCha20 on the Vector API), {@code vector} (our code, ChaCha20 and Poly1305 on the Vector
   *     API) or {@code jdk} (the JDK provider)
   */
  public AeadFixture(final String implementation, final byte[] key) {
    this.aead =
        switch (implementation) {
          case "scalar" -> new ChaCha20Poly1305(new ChaCha20(key));
          case "vector-chacha" -> new ChaCha20Poly1305(new ChaCha20Vector(key));
          case "vector" ->
              new ChaCha20Poly1305(new ChaCha20Vector(key), new Poly1305(new Poly1305Vector()));
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
