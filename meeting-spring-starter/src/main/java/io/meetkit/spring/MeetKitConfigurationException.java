package io.meetkit.spring;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * MeetKit's settings stop the application from starting: a required {@code meetkit.*} property is missing or bad, or
 * a library the configuration needs is absent. {@link #description()} says what is wrong and {@link #action()} how to
 * fix it; Spring Boot prints both through {@link MeetKitFailureAnalyzer}. Messages never contain secrets.
 */
public final class MeetKitConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String description;
    private final String action;

    /**
     * Creates the exception.
     *
     * @param description what is wrong, naming the property
     * @param action how to fix it
     * @param cause the underlying failure, if any
     */
    public MeetKitConfigurationException(String description, String action, @Nullable Throwable cause) {
        super(
                Objects.requireNonNull(description, "description") + ". " + Objects.requireNonNull(action, "action"),
                cause);
        this.description = description;
        this.action = action;
    }

    /** Returns what is wrong, naming the property. */
    public String description() {
        return description;
    }

    /** Returns how to fix it. */
    public String action() {
        return action;
    }
}
