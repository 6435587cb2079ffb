package org.offlinepacks.api.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.offlinepacks.api.bundle.PackBuildException;
import org.offlinepacks.boundarydata.store.DiskSpace;
import org.offlinepacks.boundarydata.store.StoreException;
import org.offlinepacks.boundarydata.validation.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a command's failure into a message and an exit code: 2 for bad input (with the whole
 * validation report), 1 for anything else. Stack traces only for what looks like a bug.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        var err = command.getErr();
        if (e instanceof InvalidInputException invalid) {
            err.println("error: "
                    + invalid.getMessage().lines().findFirst().orElse("").replaceAll(":.*", ""));
            err.println(invalid.report().format());
            return BAD_INPUT;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        Optional<String> fullDisk = fullDisk(e, command);
        if (fullDisk.isPresent()) {
            err.println("error: " + fullDisk.get() + ": " + e.getMessage());
            return FAILED;
        }
        if (e instanceof PackBuildException
                || e instanceof StoreException
                || e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof IllegalStateException) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
        err.println("error: unexpected " + e);
        e.printStackTrace(err);
        return FAILED;
    }

    /** A one-line reason for a failure, as the build report gives it; "unexpected …" for what looks like a bug. */
    static String reason(Exception e) {
        if (looksLikeABug(e)) {
            return "unexpected " + e;
        }
        return e.getMessage() == null
                ? e.toString()
                : e.getMessage().lines().findFirst().orElse(e.toString());
    }

    /** Not one of the failures the commands expect (bad input, I/O, a refused build): worth a stack trace. */
    static boolean looksLikeABug(Exception e) {
        return !(e instanceof InvalidInputException
                || e instanceof IllegalArgumentException
                || e instanceof PackBuildException
                || e instanceof StoreException
                || e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof IllegalStateException);
    }

    private static Optional<String> fullDisk(Exception e, CommandLine command) {
        if (command.getCommandSpec().userObject() instanceof DataFolderCommand writer && writer.dataFolder() != null) {
            return DiskSpace.fullDiskCause(writer.dataFolder(), e);
        }
        return Optional.empty();
    }
}
