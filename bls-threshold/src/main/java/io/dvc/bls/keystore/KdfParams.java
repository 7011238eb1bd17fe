package io.dvc.bls.keystore;

import io.dvc.common.bytes.Hex;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.KeyParameter;

/** The key derivation function of an EIP-2335 keystore and its parameters. */
public sealed interface KdfParams {
  /** The function name as written in the keystore ("scrypt" or "pbkdf2"). */
  String function();

  int dklen();

  byte[] salt();

  /** Derives the decryption key from the normalised password. */
  byte[] deriveKey(byte[] password);

  /** The "params" object as written in the keystore. */
  Map<String, Object> toJson();

  /** scrypt with cost n (a power of two), block size r and parallelism p. */
  record Scrypt(int dklen, int n, int r, int p, byte[] salt) implements KdfParams {
    public Scrypt {
      salt = salt.clone();
    }

    @Override
    public String function() {
      return "scrypt";
    }

    @Override
    public byte[] salt() {
      return salt.clone();
    }

    @Override
    public byte[] deriveKey(final byte[] password) {
      return SCrypt.generate(password, salt, n, r, p, dklen);
    }

    @Override
    public Map<String, Object> toJson() {
      return Map.of("dklen", dklen, "n", n, "r", r, "p", p, "salt", Hex.encodeBare(salt));
    }

    @Override
    public boolean equals(final Object o) {
      return o instanceof Scrypt s
          && s.dklen == dklen
          && s.n == n
          && s.r == r
          && s.p == p
          && Arrays.equals(s.salt, salt);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(salt) + 31 * n;
    }
  }

  /** PBKDF2 with HMAC-SHA256 and c iterations. */
  record Pbkdf2(int dklen, int c, byte[] salt) implements KdfParams {
    public static final String PRF = "hmac-sha256";

    public Pbkdf2 {
      salt = salt.clone();
    }

    @Override
    public String function() {
      return "pbkdf2";
    }

    @Override
    public byte[] salt() {
      return salt.clone();
    }

    @Override
    public byte[] deriveKey(final byte[] password) {
      final PKCS5S2ParametersGenerator generator =
          new PKCS5S2ParametersGenerator(new SHA256Digest());
      generator.init(password, salt, c);
      return ((KeyParameter) generator.generateDerivedParameters(dklen * 8)).getKey();
    }

    @Override
    public Map<String, Object> toJson() {
      return Map.of("dklen", dklen, "c", c, "prf", PRF, "salt", Hex.encodeBare(salt));
    }

    @Override
    public boolean equals(final Object o) {
      return o instanceof Pbkdf2 s && s.dklen == dklen && s.c == c && Arrays.equals(s.salt, salt);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(salt) + 31 * c;
    }
  }
}
