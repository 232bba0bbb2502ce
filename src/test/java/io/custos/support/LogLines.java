package io.custos.support;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * What one logger writes while a test listens, read from the logging system itself. Capturing the
 * console instead depends on which test started the shared application first (its console was
 * then another stream), so a line logged in the full suite can be missed that a lone run sees.
 */
public final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogLines(String name) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        appender.start();
        logger.addAppender(appender);
    }

    /** Listens to the logger of {@code source} from now until closed. */
    public static LogLines of(Class<?> source) {
        return new LogLines(source.getName());
    }

    /** Listens to the named logger (a class another package cannot name) from now until closed. */
    public static LogLines of(String name) {
        return new LogLines(name);
    }

    /** Listens to every logger (the root) from now until closed. */
    public static LogLines all() {
        return new LogLines(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Every line logged since listening, with its arguments filled in. */
    public List<String> lines() {
        return List.copyOf(appender.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The first group of the first line logged since listening that matches, waiting up to the timeout. */
    public String await(Pattern pattern, Duration timeout) {
        return Awaitility.await().atMost(timeout).until(() -> {
            List<ILoggingEvent> events = List.copyOf(appender.list);
            for (ILoggingEvent event : events) {
                Matcher matcher = pattern.matcher(event.getFormattedMessage());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            return null;
        }, found -> found != null);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
