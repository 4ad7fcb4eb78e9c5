package io.meetkit.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and argument checks every {@link EventOutbox} keeps, so that all implementations accept and refuse the
 * same values. Stateless.
 */
public final class OutboxLimits {

    /** The longest event type. */
    public static final int TYPE_MAX = 64;
    /** The longest endpoint name. */
    public static final int ENDPOINT_MAX = 255;
    /** The longest last error kept with a delivery (longer ones are cut). */
    public static final int ERROR_MAX = 1000;
    /** The longest event data (characters of JSON). */
    public static final int DATA_MAX = 1_000_000;

    /**
     * How long a reader of the changes feed waits for a missing position before it moves past it: an append that
     * took a position may still be committing. An append that stays uncommitted for longer than this (a transaction
     * held open for 30 seconds after its event was appended) would be skipped by readers that already moved past
     * it; MeetKit appends as the last step of its short transactions.
     */
    public static final Duration GAP_SETTLE = Duration.ofSeconds(30);

    private OutboxLimits() {}

    /** The largest page of {@link EventOutbox#readAfter} and the other listings. */
    public static final int MAX_LIMIT = 1000;

    /**
     * Checks a page size.
     *
     * @throws IllegalArgumentException unless 1 to {@value #MAX_LIMIT}
     */
    public static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
        return limit;
    }

    /**
     * Checks a feed position.
     *
     * @throws IllegalArgumentException if negative
     */
    public static long checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        return position;
    }

    /**
     * Checks an endpoint name.
     *
     * @throws IllegalArgumentException if blank or longer than {@value #ENDPOINT_MAX} characters
     */
    public static String checkEndpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isBlank() || endpoint.length() > OutboxLimits.ENDPOINT_MAX) {
            throw new IllegalArgumentException(
                    "endpoint must be 1 to " + OutboxLimits.ENDPOINT_MAX + " characters: " + endpoint.length());
        }
        return endpoint;
    }
}
