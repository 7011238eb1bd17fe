package io.dvc.config.cluster;

import io.dvc.bls.BlsPublicKey;
import io.dvc.bls.BlsSecretKey;
import io.dvc.bls.BlsSignature;
import io.dvc.bls.SignatureSet;
import io.dvc.spec.Schemas;
import io.dvc.spec.signing.SigningRoots;
import io.dvc.spec.ssz.Bytes;
import io.dvc.spec.types.DepositData;
import io.dvc.spec.types.DepositMessage;

/** Deposit signing and roots (DOMAIN_DEPOSIT with the chain's GENESIS_FORK_VERSION). */
public final class Deposits {
  private Deposits() {}

  public static DepositMessage message(final DepositData data) {
    return new DepositMessage(data.pubkey(), data.withdrawalCredentials(), data.amount());
  }

  /** Signs a deposit with the validator's (whole) secret key. */
  public static DepositData sign(
      final BlsSecretKey secretKey,
      final Bytes withdrawalCredentials,
      final long amountGwei,
      final Bytes genesisForkVersion) {
    final DepositMessage message =
        new DepositMessage(
            Bytes.of(secretKey.publicKey().toBytes()), withdrawalCredentials, amountGwei);
    final Bytes root = SigningRoots.depositSigningRoot(message, genesisForkVersion);
    final BlsSignature signature = secretKey.sign(root.toArray());
    return new DepositData(
        message.pubkey(), withdrawalCredentials, amountGwei, Bytes.of(signature.toBytes()));
  }

  /** The (pubkey, signing root, signature) set of a deposit, for (batch) verification. */
  public static SignatureSet signatureSet(final DepositData data, final Bytes genesisForkVersion) {
    return new SignatureSet(
        BlsPublicKey.fromBytes(data.pubkey().toArray()),
        SigningRoots.depositSigningRoot(message(data), genesisForkVersion).toArray(),
        BlsSignature.fromBytes(data.signature().toArray()));
  }

  public static Bytes depositMessageRoot(final DepositData data) {
    return Schemas.MAINNET.depositMessage.hashTreeRoot(message(data));
  }

  public static Bytes depositDataRoot(final DepositData data) {
    return Schemas.MAINNET.depositData.hashTreeRoot(data);
  }
}
