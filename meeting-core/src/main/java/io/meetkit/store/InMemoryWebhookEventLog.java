package io.meetkit.store;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link WebhookEventLog} in memory, for tests and single-instance development. Thread-safe. */
public final class InMemoryWebhookEventLog implements WebhookEventLog {

    private final ConcurrentHashMap<String, Instant> expiryById = new ConcurrentHashMap<>();

    /** Creates an empty log. */
    public InMemoryWebhookEventLog() {}

    @Override
    public boolean firstSeen(String eventId, Instant now, Instant expiresAt) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiresAt, "expiresAt");
        boolean[] first = {false};
        expiryById.compute(eventId, (id, current) -> {
            if (current == null || !current.isAfter(now)) {
                first[0] = true;
                return expiresAt;
            }
            return current;
        });
        return first[0];
    }

    @Override
    public boolean contains(String eventId, Instant now) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(now, "now");
        Instant expiresAt = expiryById.get(eventId);
        return expiresAt != null && expiresAt.isAfter(now);
    }

    @Override
    public void forget(String eventId) {
        expiryById.remove(Objects.requireNonNull(eventId, "eventId"));
    }

    @Override
    public int purgeExpired(Instant now) {
        int before = expiryById.size();
        expiryById.values().removeIf(at -> !at.isAfter(now));
        return Math.max(0, before - expiryById.size());
    }
}
