package io.dvc.config.ceremony;

import io.dvc.common.bytes.SecretBytes;
import io.dvc.config.ClusterConfigException;
import io.dvc.config.cluster.ClusterDefinition;
import io.dvc.config.cluster.DefinitionValidator;
import io.dvc.config.cluster.Operator;
import io.dvc.config.operator.OperatorConfigException;
import io.dvc.p2p.crypto.NodeKey;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dealer-mode key ceremony: one party holds (or makes) the validator keys, splits each into n
 * shares with threshold t, and writes one directory per operator. Atomic: everything is written to
 * a temporary directory beside the output, verified from disk, and only then renamed into place; on
 * any failure the temporary directory is deleted and nothing is left behind. Unencrypted BLS key
 * material is never written.
 *
 * <pre>{@code
 * CeremonyResult result = new DealerCeremony(new SecureRandom()).run(
 *     CeremonyRequest.testnet(dir, OperatorSource.Generate.named(4), 64, forkVersion, address, address));
 * }</pre>
 */
public final class DealerCeremony {
  static final String SOURCE = "create-cluster request";
  private static final Pattern DIRECTORY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final SecureRandom random;
  private final java.util.function.Consumer<Path> afterWrite;

  public DealerCeremony(final SecureRandom random) {
    this(random, dir -> {});
  }

  /** With a hook run on the temporary directory after writing, before verifying (tests). */
  DealerCeremony(final SecureRandom random, final java.util.function.Consumer<Path> afterWrite) {
    this.random = Objects.requireNonNull(random, "random");
    this.afterWrite = Objects.requireNonNull(afterWrite, "afterWrite");
  }

  /**
   * Runs the ceremony.
   *
   * @throws CeremonyException (or {@link ClusterConfigException} naming the request field) with a
   *     one-line reason; the output directory is then left as it was
   */
  public CeremonyResult run(final CeremonyRequest request) {
    final Path output = followLink(request.outputDirectory().toAbsolutePath().normalize());
    checkOutput(output);
    final List<Optional<byte[]>> identitySecrets = identitySecrets(request.operators());
    final List<Optional<NodeKey>> identityKeys =
        identitySecrets.stream().map(s -> s.map(NodeKey::fromSecretBytes)).toList();
    try {
      final ClusterDefinition definition = definition(request, identityKeys);
      final List<String> warnings =
          new ArrayList<>(DefinitionValidator.validate(definition, SOURCE, "$"));
      final List<String> names = directoryNames(definition.operators());
      final ValidatorKeyLoader.Keys keys = ValidatorKeyLoader.load(request.keys(), random);
      final Dealer.Dealt dealt;
      try {
        dealt = Dealer.deal(definition, keys.secretKeys(), identityKeys, random);
      } finally {
        keys.destroy();
      }
      try {
        final List<CeremonyWriter.OperatorOutput> outputs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
          outputs.add(
              new CeremonyWriter.OperatorOutput(names.get(i), i + 1, identitySecrets.get(i)));
        }
        final List<Path> written =
            writeVerifyAndMove(output, dealt, outputs, request.kdf(), warnings);
        return new CeremonyResult(
            output, written, dealt.lock(), warnings, keys.generatedMnemonic());
      } finally {
        dealt.destroy();
      }
    } finally {
      identityKeys.forEach(k -> k.ifPresent(NodeKey::destroy));
      identitySecrets.forEach(s -> s.ifPresent(SecretBytes::wipe));
    }
  }

  private List<Path> writeVerifyAndMove(
      final Path output,
      final Dealer.Dealt dealt,
      final List<CeremonyWriter.OperatorOutput> operators,
      final KdfChoice kdf,
      final List<String> warnings) {
    final Path temp = createTemp(output);
    boolean moved = false;
    try {
      final List<Path> dirs = CeremonyWriter.write(temp, dealt, operators, kdf, random);
      afterWrite.accept(temp);
      warnings.addAll(CeremonyVerifier.verify(temp, dirs, dealt.lock(), random));
      moveIntoPlace(temp, output);
      moved = true;
      return dirs.stream().map(d -> output.resolve(d.getFileName())).toList();
    } catch (final IOException e) {
      throw new CeremonyException(output + ": cannot write (" + describe(e) + ")", e);
    } catch (final ClusterConfigException | OperatorConfigException e) {
      throw new CeremonyException(
          "verification of the written cluster failed: " + e.getMessage(), e);
    } finally {
      if (!moved) {
        deleteTree(temp);
      }
    }
  }

  /**
   * An output path that is a symbolic link means its target: the cluster is written there and the
   * link stays (replacing the link with a directory would surprise whoever made it).
   */
  private static Path followLink(final Path output) {
    if (!Files.isSymbolicLink(output)) {
      return output;
    }
    try {
      return output.toRealPath();
    } catch (final IOException e) {
      throw new CeremonyException(
          output + ": is a symbolic link whose target does not exist (" + describe(e) + ")");
    }
  }

  static void checkOutput(final Path output) {
    final Path parent = output.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new CeremonyException(output + ": parent directory does not exist");
    }
    if (Files.exists(output)) {
      if (!Files.isDirectory(output)) {
        throw new CeremonyException(output + ": exists and is not a directory");
      }
      try (Stream<Path> entries = Files.list(output)) {
        if (entries.findAny().isPresent()) {
          throw new CeremonyException(output + ": already exists and is not empty");
        }
      } catch (final IOException e) {
        throw new CeremonyException(output + ": cannot read (" + describe(e) + ")");
      }
    }
    if (!Files.isWritable(parent)) {
      throw new CeremonyException(output + ": parent directory " + parent + " is not writable");
    }
  }

  static Path createTemp(final Path output) {
    try {
      return Files.createTempDirectory(output.getParent(), "." + output.getFileName() + ".tmp-");
    } catch (final IOException e) {
      throw new CeremonyException(
          output + ": cannot create a temporary directory beside it (" + describe(e) + ")");
    }
  }

  static void moveIntoPlace(final Path temp, final Path output) throws IOException {
    try {
      Files.deleteIfExists(output);
    } catch (final DirectoryNotEmptyException e) {
      throw new CeremonyException(output + ": was filled by someone else during the ceremony");
    }
    try {
      Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE);
    } catch (final AtomicMoveNotSupportedException e) {
      Files.move(temp, output);
    }
  }

  private List<Optional<byte[]>> identitySecrets(final OperatorSource source) {
    if (source instanceof OperatorSource.Generate g) {
      final List<Optional<byte[]>> out = new ArrayList<>();
      for (int i = 0; i < g.operators().size(); i++) {
        out.add(Optional.of(newIdentitySecret()));
      }
      return out;
    }
    return ((OperatorSource.BringOwn) source)
        .operators().stream().map(o -> Optional.<byte[]>empty()).toList();
  }

  private byte[] newIdentitySecret() {
    while (true) {
      final byte[] secret = new byte[32];
      random.nextBytes(secret);
      try {
        NodeKey.fromSecretBytes(secret).destroy();
        return secret;
      } catch (final IllegalArgumentException e) {
        SecretBytes.wipe(secret);
      }
    }
  }

  private static ClusterDefinition definition(
      final CeremonyRequest request, final List<Optional<NodeKey>> identityKeys) {
    final List<Operator> operators = new ArrayList<>();
    if (request.operators() instanceof OperatorSource.Generate g) {
      for (int i = 0; i < g.operators().size(); i++) {
        final OperatorSource.OperatorSpec spec = g.operators().get(i);
        operators.add(
            new Operator(
                spec.name(), identityKeys.get(i).orElseThrow().peerId(), spec.addresses()));
      }
    } else {
      operators.addAll(((OperatorSource.BringOwn) request.operators()).operators());
    }
    final int n = operators.size();
    return new ClusterDefinition(
        ClusterDefinition.VERSION,
        request.clusterName(),
        request.network(),
        operators,
        request.threshold().orElse(ClusterDefinition.defaultThreshold(n)),
        validatorCount(request.keys()),
        request.withdrawalAddress(),
        request.withdrawalType(),
        request.feeRecipient(),
        request.depositAmountGwei());
  }

  private static int validatorCount(final KeySource keys) {
    if (keys instanceof KeySource.RandomKeys r) {
      return r.count();
    }
    if (keys instanceof KeySource.NewMnemonic m) {
      return m.count();
    }
    if (keys instanceof KeySource.GivenMnemonic m) {
      return m.count();
    }
    return ((KeySource.Keystores) keys).keystores().size();
  }

  /** Operator directory names: the operator's name when it is a safe file name, else operator-i. */
  static List<String> directoryNames(final List<Operator> operators) {
    final List<String> names = new ArrayList<>();
    for (int i = 0; i < operators.size(); i++) {
      final String name = operators.get(i).name();
      final String candidate =
          DIRECTORY_NAME.matcher(name).matches() ? name : "operator-" + (i + 1);
      names.add(names.contains(candidate) ? "operator-" + (i + 1) : candidate);
    }
    return names;
  }

  static String describe(final IOException e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  static void deleteTree(final Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (final IOException e) {
      // best effort: the directory is hidden and holds only encrypted material
    }
  }
}
