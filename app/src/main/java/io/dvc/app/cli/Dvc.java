package io.dvc.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dvc} command: entry point of every subcommand. */
@Command(
    name = "dvc",
    mixinStandardHelpOptions = true,
    version = "dvc 0.1.0-SNAPSHOT",
    description = "Distributed validator coordinator for Ethereum.",
    subcommands = {
      CommandLine.HelpCommand.class,
      BeaconSimCommand.class,
      CreateClusterCommand.class,
      DefinitionCommand.class,
      DemoCommand.class,
      io.dvc.dkg.cli.DkgCommand.class,
      io.dvc.dkg.cli.ReshareCommand.class,
      IdentityCommand.class,
      LockCommand.class,
      RunCommand.class,
      SlashingProtectionCommand.class,
      StatusCommand.class,
      TestnetCommand.class
    })
public final class Dvc implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Builds the command line with every registered subcommand. */
  public static CommandLine commandLine() {
    return new CommandLine(new Dvc())
        .setExecutionExceptionHandler(
            (error, commandLine, parseResult) -> {
              commandLine
                  .getErr()
                  .println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(error));
              return 1;
            });
  }

  /** The innermost message of an error, on one line (control characters escaped). */
  static String oneLine(final Throwable error) {
    Throwable cause = error;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    final String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return io.dvc.common.text.SafeText.escape(message);
  }

  /** Chooses the log format before the first logger exists: --log-format or DVC_LOG_FORMAT. */
  static void configureLogging(final String[] args) {
    String format = System.getenv("DVC_LOG_FORMAT");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--log-format") && i + 1 < args.length) {
        format = args[i + 1];
      } else if (args[i].startsWith("--log-format=")) {
        format = args[i].substring("--log-format=".length());
      }
    }
    if ("json".equals(format) && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }

  public static void main(final String[] args) {
    configureLogging(args);
    System.exit(commandLine().execute(args));
  }
}
