package org.offlinepacks.api.cli;

import java.io.PrintWriter;
import java.util.Arrays;
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
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs a command line and returns its exit code. A command line that names a subcommand first
     * builds the model of that subcommand alone (picocli builds every subcommand's model by
     * reflection otherwise, a fifth of a short command's run), with the same usage and messages.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        if (args.length > 0) {
            for (Class<?> subcommand :
                    OfflinePacksCommand.class.getAnnotation(Command.class).subcommands()) {
                Command command = subcommand.getAnnotation(Command.class);
                if (command != null && command.name().equals(args[0]) && subcommand != CommandLine.HelpCommand.class) {
                    return new CommandLine(subcommand)
                            .setCommandName("offline-packs " + args[0])
                            .setExecutionExceptionHandler(new FailureHandler())
                            .setOut(out)
                            .setErr(err)
                            .execute(Arrays.copyOfRange(args, 1, args.length));
                }
            }
        }
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    /** The command line with the one place that turns exceptions into messages and exit codes. */
    public static CommandLine commandLine() {
        return new CommandLine(new OfflinePacksCommand()).setExecutionExceptionHandler(new FailureHandler());
    }
}
