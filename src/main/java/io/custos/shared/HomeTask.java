package io.custos.shared;

import java.util.List;

/**
 * Something the signed-in person should do, shown on the home page. Text comes from the message
 * bundles: {@code messageKey} with {@code args} (counts, dates, never customer values).
 */
public record HomeTask(Severity severity, String messageKey, List<Object> args, String link) {

    public enum Severity { ACTION_REQUIRED, REMINDER, INFO }

    public HomeTask {
        args = List.copyOf(args);
    }
}
