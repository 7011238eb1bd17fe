package io.dvc.consensus.testing;

import io.dvc.consensus.MessageSigner;
import io.dvc.consensus.MessageVerifier;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Operator identity keys for tests: cheap fake MACs, HMAC-SHA256, or real Ed25519 (JDK). */
public interface TestKeys {
  MessageSigner signer(int operator);

  MessageVerifier verifier();

  /**
   * A cheap keyed 8-byte tag per operator (not secure; only for simulation speed). A node without
   * an operator's secret cannot produce its tag.
   */
  static TestKeys fake(final int n, final long seed) {
    final long[] secrets = new long[n + 1];
    final SplittableRandom random = new SplittableRandom(seed ^ 0x5eedL);
    for (int i = 0; i <= n; i++) {
      secrets[i] = random.nextLong();
    }
    return new TestKeys() {
      @Override
      public MessageSigner signer(final int operator) {
        return root -> tag(secrets[operator], root);
      }

      @Override
      public MessageVerifier verifier() {
        return (operator, root, sig) ->
            operator >= 1
                && operator <= n
                && java.util.Arrays.equals(tag(secrets[operator], root), sig);
      }
    };
  }

  /**
   * Like {@link #fake} but with signatures padded to {@code length} bytes (65 for secp256k1
   * r||s||v), so that message sizes are realistic.
   */
  static TestKeys fakeSized(final int n, final long seed, final int length) {
    final TestKeys inner = fake(n, seed);
    return new TestKeys() {
      @Override
      public MessageSigner signer(final int operator) {
        final MessageSigner s = inner.signer(operator);
        return root -> java.util.Arrays.copyOf(s.sign(root), length);
      }

      @Override
      public MessageVerifier verifier() {
        final MessageVerifier v = inner.verifier();
        return (operator, root, sig) ->
            sig.length == length
                && v.verify(operator, root, java.util.Arrays.copyOf(sig, 8))
                && java.util.Arrays.equals(
                    sig, java.util.Arrays.copyOf(java.util.Arrays.copyOf(sig, 8), length));
      }
    };
  }

  private static byte[] tag(final long secret, final byte[] root) {
    final ByteBuffer b = ByteBuffer.wrap(root);
    long h = secret;
    while (b.remaining() >= 8) {
      h = Long.rotateLeft(h ^ b.getLong(), 29) * 0x9E3779B97F4A7C15L;
    }
    return ByteBuffer.allocate(8).putLong(h ^ (h >>> 31)).array();
  }

  /** HMAC-SHA256 with a per-operator key shared with the verifier. */
  static TestKeys hmac(final int n) {
    final Map<Integer, SecretKeySpec> keys = new HashMap<>();
    for (int i = 1; i <= n; i++) {
      keys.put(i, new SecretKeySpec(("operator-key-" + i).getBytes(), "HmacSHA256"));
    }
    return new TestKeys() {
      @Override
      public MessageSigner signer(final int operator) {
        return root -> mac(keys.get(operator), root);
      }

      @Override
      public MessageVerifier verifier() {
        return (operator, root, sig) ->
            keys.containsKey(operator)
                && java.security.MessageDigest.isEqual(mac(keys.get(operator), root), sig);
      }
    };
  }

  private static byte[] mac(final SecretKeySpec key, final byte[] data) {
    try {
      final Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Real Ed25519 signatures (64 bytes) from the JDK. */
  static TestKeys ed25519(final int n) {
    final Map<Integer, KeyPair> pairs = new HashMap<>();
    try {
      final KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
      for (int i = 1; i <= n; i++) {
        pairs.put(i, gen.generateKeyPair());
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return new TestKeys() {
      @Override
      public MessageSigner signer(final int operator) {
        return root -> {
          try {
            final Signature s = Signature.getInstance("Ed25519");
            s.initSign(pairs.get(operator).getPrivate());
            s.update(root);
            return s.sign();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        };
      }

      @Override
      public MessageVerifier verifier() {
        return (operator, root, sig) -> {
          final KeyPair pair = pairs.get(operator);
          if (pair == null) {
            return false;
          }
          try {
            final PublicKey key = pair.getPublic();
            final Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(root);
            return s.verify(sig);
          } catch (GeneralSecurityException e) {
            return false;
          }
        };
      }
    };
  }
}
