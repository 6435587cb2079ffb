package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;

/** The command line as {@code main} runs it: a named subcommand is built alone, with the usual usage and errors. */
class OfflinePacksCommandTest {
    @Test
    void aSubcommandRunAloneHasItsFullNameInUsageAndErrors() {
        CommandRun help = CommandRun.of("cover", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().startsWith("Usage: offline-packs cover "), help.out());

        CommandRun missing = CommandRun.of("cover", "--zoom", "3");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("Missing required option: '--boundary-file=FILE'"), missing.err());
        assertTrue(missing.err().contains("Usage: offline-packs cover "), missing.err());

        CommandRun count = CommandRun.of(
                "cover", "--boundary-file", "../sample-data/andorra/boundaries.geojson", "--zoom", "12", "--count");
        assertEquals(0, count.exitCode(), count.err());
        assertEquals("14", count.out().trim());
    }

    @Test
    void withoutASubcommandEveryCommandIsListed() {
        CommandRun help = CommandRun.of("--help");
        assertEquals(0, help.exitCode());
        for (String name : OfflinePacksCommand.commandLine().getSubcommands().keySet()) {
            assertTrue(help.out().contains("  " + name), name + " missing from\n" + help.out());
        }
        CommandRun unknown = CommandRun.of("frobnicate");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("Unmatched argument at index 0: 'frobnicate'"), unknown.err());
        CommandRun helpCover = CommandRun.of("help", "cover");
        assertTrue(helpCover.out().startsWith("Usage: offline-packs cover "), helpCover.out());
    }

    @Test
    void loggingIsSetUpInCodeUnlessAnXmlConfigurationIsGiven() {
        LoggerContext context = new LoggerContext();
        LogbackConfigurator configurator = new LogbackConfigurator();
        configurator.setContext(context);
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context, true));
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configurator.configure(context, false));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(System.getenv("LOG_LEVEL") == null ? Level.INFO : root.getLevel(), root.getLevel());
        assertTrue(root.getAppender("STDERR") != null);
        assertEquals(Level.WARN, context.getLogger("com.graphhopper").getLevel());
    }
}
