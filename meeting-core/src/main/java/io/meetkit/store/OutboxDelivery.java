package io.meetkit.store;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event's delivery to one relay endpoint.
 *
 * @param endpoint the endpoint's name
 * @param event the event
 * @param status where it stands
 * @param attempts how many attempts were made
 * @param nextAttemptAt when the next attempt is due (for a PENDING delivery)
 * @param lastError what the last failed attempt answered ({@code HTTP 503}, an I/O error), or {@code null}
 */
public record OutboxDelivery(
        String endpoint,
        OutboxEvent event,
        DeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        @Nullable String lastError) {

    /** Validates the components; a last error longer than {@value OutboxLimits#ERROR_MAX} characters is cut. */
    public OutboxDelivery {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        if (lastError != null && lastError.length() > OutboxLimits.ERROR_MAX) {
            lastError = lastError.substring(0, OutboxLimits.ERROR_MAX);
        }
    }

    /** This delivery with another status, attempt count, due time and error. */
    public OutboxDelivery with(DeliveryStatus status, int attempts, Instant nextAttemptAt, @Nullable String lastError) {
        return new OutboxDelivery(endpoint, event, status, attempts, nextAttemptAt, lastError);
    }
}
