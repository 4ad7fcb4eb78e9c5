package io.meetkit.internal;

import io.meetkit.livekit.EgressSnapshot;
import java.time.Instant;

/**
 * Receives LiveKit's {@code egress_started}, {@code egress_updated} and {@code egress_ended} webhooks for rooms that
 * MeetKit owns, after the webhook was verified and deduplicated. The recordings component implements it and installs
 * it with {@link MeetKitContext#egressEvents(EgressEvents)}; when none is installed, the webhook handler ignores
 * egress events (outcome {@code IGNORED}) and changes nothing.
 *
 * <p>Events arrive late, twice (after a failure) and out of order, also relative to {@code room_finished}
 * (egress#364): implementations must apply them monotonically. Implementations are thread-safe. An exception
 * thrown here makes the webhook fail and forgets its event id, so that LiveKit's redelivery is handled again. Not API.
 */
@FunctionalInterface
public interface EgressEvents {

    /**
     * Handles one egress event.
     *
     * @param egress the egress as the event reports it
     * @param at when LiveKit sent the event
     */
    void onEgress(EgressSnapshot egress, Instant at);
}
