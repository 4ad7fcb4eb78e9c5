package io.meetkit.testkit.cluster;

import io.meetkit.livekit.WebhookOutcome;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One delivery {@link MeetKitCluster} made of a webhook the fake sent: which instance got it and what it answered,
 * an outcome or the failure it threw (a failed delivery is retried, as LiveKit retries).
 *
 * @param eventId LiveKit's event id
 * @param event the event name, for example {@code room_started}
 * @param instance the index of the instance that received it
 * @param outcome what the instance's {@code webhooks().handle} returned, or {@code null} when it threw
 * @param failure the exception it threw, as text, or {@code null} when it returned
 */
public record WebhookDelivery(
        String eventId,
        String event,
        int instance,
        @Nullable WebhookOutcome outcome,
        @Nullable String failure) {

    /**
     * Validates the parts.
     *
     * @throws NullPointerException if {@code eventId} or {@code event} is {@code null}
     * @throws IllegalArgumentException if neither or both of {@code outcome} and {@code failure} are given
     */
    public WebhookDelivery {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(event, "event");
        if ((outcome == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of outcome and failure must be given");
        }
    }

    /** Whether the instance answered (with any outcome) rather than threw. */
    public boolean answered() {
        return outcome != null;
    }

    /** The outcome, when the instance answered. */
    public Optional<WebhookOutcome> outcomeIfAnswered() {
        return Optional.ofNullable(outcome);
    }

    @Override
    public String toString() {
        return event + " " + eventId + " → instance " + instance + ": "
                + (outcome != null ? outcome.status() : "failed (" + failure + ")");
    }
}
