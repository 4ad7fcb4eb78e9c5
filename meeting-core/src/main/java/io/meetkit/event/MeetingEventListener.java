package io.meetkit.event;

/**
 * Receives {@link MeetingEvent}s after the state change is stored. Called on the thread that handled the change
 * (usually the webhook request's); keep it short or hand off. A listener that throws is logged and does not stop
 * the other listeners or the webhook. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface MeetingEventListener {

    /** Handles one event. */
    void onEvent(MeetingEvent event);
}
