package org.offlinepacks.api.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Optional;

/**
 * The service's logging, set up in code rather than from a {@code logback.xml}: reading and
 * interpreting the XML took a fifth of a short command's run. One line per event on stderr, {@code
 * INFO} by default ({@code LOG_LEVEL}, as a system property or in the environment, changes it), the
 * chatty libraries at {@code WARN}. A {@code logback.configurationFile} system property or a {@code
 * logback-test.xml} on the class path still wins (benchmarks and tests use them).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {
    /** The logging context key of the pack a line is about, " [BOUNDARY]", when packs are built at once. */
    static final String PACK_KEY = "pack";

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0}%X{" + PACK_KEY + "} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean xmlGiven = System.getProperty("logback.configurationFile") != null
                || LogbackConfigurator.class.getClassLoader().getResource("logback-test.xml") != null;
        return configure(context, xmlGiven);
    }

    ExecutionStatus configure(LoggerContext context, boolean xmlGiven) {
        if (xmlGiven) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        String level = Optional.ofNullable(System.getProperty("LOG_LEVEL"))
                .or(() -> Optional.ofNullable(System.getenv("LOG_LEVEL")))
                .orElse("INFO");
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(stderr);
        for (String chatty : new String[] {"org.flywaydb", "com.graphhopper", "org.eclipse.jetty", "spark"}) {
            context.getLogger(chatty).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
