package org.offlinepacks.api.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `offline-packs` executable: one command with a subcommand per task. */
@Command(
        name = "offline-packs",
        mixinStandardHelpOptions = true,
        versionProvider = GeneratorVersion.class,
        description = "Builds, verifies and serves versioned offline packs for health campaigns.",
        subcommands = {
            CommandLine.HelpCommand.class,
            BuildCommand.class,
            VerifyCommand.class,
            SeedCommand.class,
            KeysCommand.class,
            SealCommand.class,
            RelayCommand.class,
            DemoCommand.class,
            CoverCommand.class,
            EstimateCommand.class,
            TilesCommand.class,
            ServeTilesCommand.class,
            RoutingCommand.class,
            ServeCommand.class
        })
public final class OfflinePacksCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command is a usage error: the usage goes to stderr and the exit code says bad input. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: no command given");
        spec.commandLine().usage(spec.commandLine().getErr());
        return FailureHandler.BAD_INPUT;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the one place that turns exceptions into messages and exit codes. */
    public static CommandLine commandLine() {
        return new CommandLine(new OfflinePacksCommand()).setExecutionExceptionHandler(new FailureHandler());
    }
}
