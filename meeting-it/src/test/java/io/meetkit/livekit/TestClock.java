package io.meetkit.livekit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves, shared by the fake LiveKit (webhook times, token times) and MeetKit. Thread-safe. */
public final class TestClock extends Clock {

    private volatile Instant now;

    /** Starts at {@code start}. */
    public TestClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock forward. */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
