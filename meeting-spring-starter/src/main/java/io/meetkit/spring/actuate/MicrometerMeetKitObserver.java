package io.meetkit.spring.actuate;

import io.meetkit.MeetKit;
import io.meetkit.observe.MeetKitObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * MeetKit's Micrometer meters:
 * <ul>
 *   <li>{@code meetkit.livekit.calls} (timer; tags {@code rpc}, {@code outcome} = {@code success} or the error code),</li>
 *   <li>{@code meetkit.tokens.issued} (counter; tag {@code role}),</li>
 *   <li>{@code meetkit.webhooks.received} (counter; tags {@code event}, {@code outcome}),</li>
 *   <li>{@code meetkit.recordings.active} (gauge: unfinished recordings in the store, read when scraped).</li>
 * </ul>
 * MeetKit's components report to it themselves ({@link MeetKitObserver}), so a token issued through
 * {@code kit.tokens().issue(...)} is counted like one issued through the REST API. The registry is looked up on first
 * use, so MeetKit can be built before the registry exists.
 * Thread-safe; never throws from a measurement.
 */
public final class MicrometerMeetKitObserver implements MeetKitObserver, MeterBinder {

    /** The most unfinished recordings the gauge counts; a store with more reports this number. */
    static final int ACTIVE_RECORDINGS_CAP = 10_000;

    private final ObjectProvider<MeterRegistry> registries;
    private final ObjectProvider<MeetKit> meetKit;
    private volatile @Nullable MeterRegistry registry;

    /**
     * Creates the observer.
     *
     * @param registries where the meters go, looked up on first use
     * @param meetKit MeetKit, for the recordings gauge, looked up when the gauge is read
     */
    public MicrometerMeetKitObserver(ObjectProvider<MeterRegistry> registries, ObjectProvider<MeetKit> meetKit) {
        this.registries = Objects.requireNonNull(registries, "registries");
        this.meetKit = Objects.requireNonNull(meetKit, "meetKit");
    }

    private @Nullable MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            r = registries.getIfAvailable();
            registry = r;
        }
        return r;
    }

    /** Registers the recordings gauge. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("meetkit.recordings.active", this, MicrometerMeetKitObserver::activeRecordings)
                .description("Unfinished recordings (STARTING, ACTIVE, ENDING) in MeetKit's store")
                .strongReference(true)
                .register(registry);
    }

    private double activeRecordings() {
        MeetKit kit = meetKit.getIfAvailable();
        if (kit == null) {
            return Double.NaN;
        }
        try {
            return kit.stores()
                    .recordings()
                    .findStale(Instant.now().plus(Duration.ofDays(1)), ACTIVE_RECORDINGS_CAP)
                    .size();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void tokenIssued(String role) {
        MeterRegistry r = registry();
        if (r != null) {
            Counter.builder("meetkit.tokens.issued")
                    .description("Participant tokens issued")
                    .tag("role", role)
                    .register(r)
                    .increment();
        }
    }

    @Override
    public void webhookReceived(String event, String outcome) {
        MeterRegistry r = registry();
        if (r != null) {
            Counter.builder("meetkit.webhooks.received")
                    .description("LiveKit webhooks received")
                    .tag("event", event)
                    .tag("outcome", outcome)
                    .register(r)
                    .increment();
        }
    }

    @Override
    public void liveKitCall(String rpc, String outcome, Duration took) {
        MeterRegistry r = registry();
        if (r != null) {
            Timer.builder("meetkit.livekit.calls")
                    .description("LiveKit API calls made by MeetKit")
                    .tag("rpc", rpc)
                    .tag("outcome", outcome)
                    .register(r)
                    .record(took);
        }
    }
}
