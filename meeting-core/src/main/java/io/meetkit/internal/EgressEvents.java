package io.meetkit.internal;

import io.meetkit.livekit.EgressSnapshot;
import java.time.Instant;

/**
 * Where LiveKit's {@code egress_started}, {@code egress_updated} and {@code egress_ended} webhooks go once they are
 * verified: the recordings component. Implementations are thread-safe and tolerate late, repeated and reordered
 * events. Not API.
 */
public interface EgressEvents {

    /** Does nothing: used until a recordings component is installed. */
    EgressEvents NONE = (egress, at) -> { };

    /**
     * An egress changed.
     *
     * @param egress the egress as the event tells it
     * @param at when LiveKit sent the event
     */
    void onEgress(EgressSnapshot egress, Instant at);
}
