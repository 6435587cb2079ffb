package org.offlinepacks.api.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The main class of the tiny jar {@link LauncherTest} starts through the launcher: a picocli command. */
@Command(name = "hello", mixinStandardHelpOptions = true, version = "hello from the jar")
public final class LauncherHello implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LauncherHello()).execute(args));
    }
}
