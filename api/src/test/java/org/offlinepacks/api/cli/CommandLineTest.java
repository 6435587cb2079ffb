package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CommandLineTest {
    @Test
    void noCommandPrintsTheUsageAndExitsWithTwo() {
        CommandRun run = CommandRun.of();

        assertEquals(FailureHandler.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("Usage: offline-packs"), run.err());
        assertTrue(run.err().contains("build"), run.err());
    }

    @Test
    void everyOptionOfEveryCommandSaysWhatItIs() {
        List<String> undescribed = new ArrayList<>();
        for (CommandLine command :
                OfflinePacksCommand.commandLine().getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (String.join("", option.description()).isBlank()) {
                    undescribed.add(command.getCommandName() + " " + option.longestName());
                }
            }
        }
        assertEquals(List.of(), undescribed);
    }

    @Test
    void theDefaultDataFolderIsIgnoredByGit() throws Exception {
        List<String> ignored = Files.readAllLines(Path.of("..", ".gitignore"));
        assertTrue(ignored.contains("data/") || ignored.contains("/data/"), "data/ in .gitignore: " + ignored);
    }
}
