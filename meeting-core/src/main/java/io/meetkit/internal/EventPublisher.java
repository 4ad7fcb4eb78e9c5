package io.meetkit.internal;

import io.meetkit.event.MeetingEvent;
import io.meetkit.event.MeetingEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls every listener with every event; a listener that throws is logged and skipped. Thread-safe. Not API.
 */
public final class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final List<MeetingEventListener> listeners = new CopyOnWriteArrayList<>();

    /** Creates a publisher with these listeners. */
    public EventPublisher(List<MeetingEventListener> listeners) {
        this.listeners.addAll(listeners);
    }

    /** Adds a listener (components such as the HTTP relay register themselves). */
    public void add(MeetingEventListener listener) {
        listeners.add(listener);
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
