package io.custos.shared;

import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who did something, as the audit log records it: a kind, an id where there is one, and a login
 * name for people reading the log. Never a customer value.
 */
public record Actor(ActorType type, @Nullable UUID id, String name) {

    public static final Actor ANONYMOUS = new Actor(ActorType.ANONYMOUS, null, "anonymous");

    public Actor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("An actor name must have 1 to 128 characters");
        }
    }

    /** A background job of the application itself, named after what it does ({@code audit-sealer}). */
    public static Actor system(String job) {
        return new Actor(ActorType.SYSTEM, null, "system:" + job);
    }

    public enum ActorType {
        EMPLOYEE, PARTNER, CUSTOMER, ANONYMOUS, SYSTEM
    }

    /** Implemented by the principal types of the modules that sign people in. */
    public interface Source {
        Actor actor();
    }
}
