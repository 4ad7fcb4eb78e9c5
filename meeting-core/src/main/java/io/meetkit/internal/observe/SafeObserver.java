package io.meetkit.internal.observe;

import io.meetkit.observe.MeetKitObserver;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's observer, guarded: an observer that throws is logged and never fails the call it observes.
 * Thread-safe if the observer is. Not API.
 */
public final class SafeObserver implements MeetKitObserver {

    private static final Logger log = LoggerFactory.getLogger(SafeObserver.class);

    private final MeetKitObserver observer;

    /**
     * Guards {@code observer}.
     *
     * @param observer the application's observer
     */
    public SafeObserver(MeetKitObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public void tokenIssued(String role) {
        try {
            observer.tokenIssued(role);
        } catch (RuntimeException e) {
            log.warn("MeetKitObserver {} failed on tokenIssued; ignored", observer, e);
        }
    }

    @Override
    public void webhookReceived(String event, String outcome) {
        try {
            observer.webhookReceived(event, outcome);
        } catch (RuntimeException e) {
            log.warn("MeetKitObserver {} failed on webhookReceived; ignored", observer, e);
        }
    }

    @Override
    public void liveKitCall(String rpc, String outcome, Duration took) {
        try {
            observer.liveKitCall(rpc, outcome, took);
        } catch (RuntimeException e) {
            log.warn("MeetKitObserver {} failed on liveKitCall; ignored", observer, e);
        }
    }

    @Override
    public String toString() {
        return "Safe" + observer;
    }
}
