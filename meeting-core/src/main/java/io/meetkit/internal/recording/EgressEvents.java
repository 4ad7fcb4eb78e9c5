package io.meetkit.internal.recording;

import io.meetkit.livekit.EgressSnapshot;
import java.time.Instant;

/**
 * Receives LiveKit's {@code egress_started}, {@code egress_updated} and {@code egress_ended} webhooks for rooms that
 * MeetKit owns, after the webhook was verified and deduplicated. {@link EgressEventSink} implements it; the webhook
 * handler gets it through its constructor.
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
