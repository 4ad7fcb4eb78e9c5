package io.meetkit.internal;

import io.meetkit.event.MeetingEvent;
import io.meetkit.event.MeetingEventListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls every listener with every event; a listener that throws is logged and skipped. Thread-safe. Not API.
 */
public final class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final List<MeetingEventListener> listeners;

    /** Creates a publisher with these listeners, fixed from then on (the builder collects them all first). */
    public EventPublisher(List<MeetingEventListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Publishes an event to every listener. */
    public void publish(MeetingEvent event) {
        for (MeetingEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("MeetingEvent listener {} failed on {}; the other listeners still run", l, event.type(), e);
            }
        }
    }
}
