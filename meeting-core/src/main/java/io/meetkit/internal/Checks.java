package io.meetkit.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by MeetKit's builders, with messages that name the bad value. Not API. */
public final class Checks {

    private Checks() {}

    /**
     * Returns {@code value} if it is positive.
     *
     * @param name the setting's name, for the message
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException {@code "<name> must be positive: <value>"} if it is zero or negative
     */
    public static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }
}
