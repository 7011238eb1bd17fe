package io.dvc.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dvc} command: entry point of every subcommand. */
@Command(
    name = "dvc",
    mixinStandardHelpOptions = true,
    version = "dvc 0.1.0-SNAPSHOT",
    description = "Distributed validator coordinator for Ethereum.",
    subcommands = {CommandLine.HelpCommand.class, CreateClusterCommand.class, LockCommand.class})
public final class Dvc implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Builds the command line with every registered subcommand. */
  public static CommandLine commandLine() {
    return new CommandLine(new Dvc());
  }

  public static void main(final String[] args) {
    System.exit(commandLine().execute(args));
  }
}
