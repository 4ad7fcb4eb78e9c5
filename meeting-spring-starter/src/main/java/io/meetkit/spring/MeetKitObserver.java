package io.meetkit.spring;

import io.meetkit.livekit.LiveKitGateway;

/**
 * What the starter reports about MeetKit's work: the seam between the auto-configuration and a metrics library.
 * The starter registers a Micrometer implementation when Micrometer and a {@code MeterRegistry} are present; without
 * one, nothing is recorded. Implementations are thread-safe and never throw.
 */
public interface MeetKitObserver {

    /** An observer that records nothing. */
    MeetKitObserver NONE = new MeetKitObserver() {};

    /**
     * Returns a gateway that reports every LiveKit call (its RPC and outcome) and delegates to {@code gateway}.
     *
     * @param gateway the gateway to observe
     * @return the observing gateway, or {@code gateway} itself
     */
    default LiveKitGateway observe(LiveKitGateway gateway) {
        return gateway;
    }

    /**
     * A participant token was issued.
     *
     * @param role the role of the token, for example {@code MODERATOR}
     */
    default void tokenIssued(String role) {}

    /**
     * A LiveKit webhook was received.
     *
     * @param event the event name ({@code room_started}...), or {@code unknown} when it was rejected unread
     * @param outcome {@code processed}, {@code duplicate} or {@code rejected}
     */
    default void webhookReceived(String event, String outcome) {}
}
