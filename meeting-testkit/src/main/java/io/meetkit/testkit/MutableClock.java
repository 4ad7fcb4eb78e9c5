package io.meetkit.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that a test moves by hand: give it to {@code MeetKit.builder().clock(…)} and to {@link
 * FakeLiveKitServer.Builder}, then {@link #advance(Duration)} it instead of sleeping. Token times, webhook times,
 * expiries and leases all follow it.
 *
 * <p>Thread-safe: {@link #advance(Duration)} and {@link #set(Instant)} are atomic, and every thread sees the new time
 * at once. A clock from {@link #withZone(ZoneId)} shares the instant with this one.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /**
     * Creates a clock at {@code start}, in UTC.
     *
     * @param start the first instant
     * @throws NullPointerException if {@code start} is null
     */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Moves the clock by {@code amount} (back, for a negative amount).
     *
     * @param amount how far to move
     * @return the new instant
     * @throws NullPointerException if {@code amount} is null
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        return now.updateAndGet(t -> t.plus(amount));
    }

    /**
     * Sets the clock to {@code instant}.
     *
     * @param instant the new instant
     * @throws NullPointerException if {@code instant} is null
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new MutableClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
