package io.meetkit.store;

import io.meetkit.ConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An {@link EventOutbox} in memory: for tests and local development. Nothing survives the JVM and nothing is shared
 * with other instances; there is no capacity, events stay until {@link #purge} removes delivered ones. Positions have
 * no gaps. Thread-safe (one lock).
 */
public final class InMemoryEventOutbox implements EventOutbox {

    private final Object lock = new Object();
    private final TreeMap<Long, OutboxEvent> events = new TreeMap<>();
    private final Map<UUID, Long> positions = new HashMap<>();
    private final Map<UUID, Long> sequences = new HashMap<>();
    private final Map<String, TreeMap<Long, OutboxDelivery>> deliveries = new HashMap<>();
    private final Map<String, Long> cursors = new HashMap<>();
    private long lastPosition;

    /** Creates an empty outbox. */
    public InMemoryEventOutbox() {}

    @Override
    public OutboxEvent append(NewOutboxEvent event, Instant now) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            if (positions.containsKey(event.id())) {
                throw new ConflictException(ConflictException.ALREADY_EXISTS, "event " + event.id() + " exists");
            }
            long sequence = sequences.merge(event.meetingId(), 1L, Long::sum);
            OutboxEvent stored = new OutboxEvent(
                    ++lastPosition,
                    event.id(),
                    event.meetingId(),
                    sequence,
                    event.type(),
                    event.occurredAt(),
                    now,
                    event.data());
            events.put(stored.position(), stored);
            positions.put(stored.id(), stored.position());
            return stored;
        }
    }

    @Override
    public List<OutboxEvent> readAfter(long afterPosition, int limit, Instant now) {
        OutboxLimits.checkPosition(afterPosition);
        OutboxLimits.checkLimit(limit);
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            return new ArrayList<>(events.tailMap(afterPosition, false).values().stream()
                    .limit(limit)
                    .toList());
        }
    }

    @Override
    public Optional<OutboxEvent> findById(UUID id) {
        Objects.requireNonNull(id, "id");
        synchronized (lock) {
            Long p = positions.get(id);
            return p == null ? Optional.empty() : Optional.ofNullable(events.get(p));
        }
    }

    @Override
    public int enqueue(String endpoint, Set<String> types, int limit, Instant now) {
        OutboxLimits.checkEndpoint(endpoint);
        Objects.requireNonNull(types, "types");
        OutboxLimits.checkLimit(limit);
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            Long cursor = cursors.get(endpoint);
            if (cursor == null) {
                if (events.isEmpty()) {
                    return 0;
                }
                cursor = events.firstKey() - 1;
            }
            List<OutboxEvent> next = readAfter(cursor, limit, now);
            TreeMap<Long, OutboxDelivery> mine = deliveries.computeIfAbsent(endpoint, e -> new TreeMap<>());
            for (OutboxEvent e : next) {
                if (types.isEmpty() || types.contains(e.type())) {
                    mine.put(e.position(), new OutboxDelivery(endpoint, e, DeliveryStatus.PENDING, 0, now, null));
                }
                cursor = e.position();
            }
            cursors.put(endpoint, cursor);
            return next.size();
        }
    }

    @Override
    public List<OutboxDelivery> pending(String endpoint, int limit) {
        return deliveries(endpoint, DeliveryStatus.PENDING, 0, limit);
    }

    @Override
    public void update(List<OutboxDelivery> changed, Instant now) {
        Objects.requireNonNull(changed, "deliveries");
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            for (OutboxDelivery d : changed) {
                TreeMap<Long, OutboxDelivery> mine = deliveries.get(d.endpoint());
                if (mine != null && mine.containsKey(d.event().position())) {
                    mine.put(d.event().position(), d);
                }
            }
        }
    }

    @Override
    public List<OutboxDelivery> deliveries(String endpoint, DeliveryStatus status, long afterPosition, int limit) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(status, "status");
        OutboxLimits.checkPosition(afterPosition);
        OutboxLimits.checkLimit(limit);
        synchronized (lock) {
            TreeMap<Long, OutboxDelivery> mine = deliveries.get(endpoint);
            if (mine == null) {
                return List.of();
            }
            return mine.tailMap(afterPosition, false).values().stream()
                    .filter(d -> d.status() == status)
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public long count(String endpoint, DeliveryStatus status) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(status, "status");
        synchronized (lock) {
            TreeMap<Long, OutboxDelivery> mine = deliveries.get(endpoint);
            return mine == null
                    ? 0
                    : mine.values().stream().filter(d -> d.status() == status).count();
        }
    }

    @Override
    public int retryFailed(String endpoint, Instant now) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            TreeMap<Long, OutboxDelivery> mine = deliveries.get(endpoint);
            if (mine == null) {
                return 0;
            }
            int n = 0;
            for (Map.Entry<Long, OutboxDelivery> e : mine.entrySet()) {
                if (e.getValue().status() == DeliveryStatus.FAILED) {
                    e.setValue(e.getValue()
                            .with(DeliveryStatus.PENDING, 0, now, e.getValue().lastError()));
                    n++;
                }
            }
            return n;
        }
    }

    @Override
    public int purge(Instant appendedBefore) {
        Objects.requireNonNull(appendedBefore, "appendedBefore");
        synchronized (lock) {
            long passed =
                    cursors.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
            List<Long> gone = new ArrayList<>();
            for (OutboxEvent e : events.values()) {
                if (e.position() > passed || !e.appendedAt().isBefore(appendedBefore)) {
                    continue;
                }
                boolean open = deliveries.values().stream()
                        .map(m -> m.get(e.position()))
                        .anyMatch(d -> d != null && d.status() != DeliveryStatus.DELIVERED);
                if (!open) {
                    gone.add(e.position());
                }
            }
            for (Long p : gone) {
                OutboxEvent e = events.remove(p);
                positions.remove(e.id());
                deliveries.values().forEach(m -> m.remove(p));
            }
            return gone.size();
        }
    }

    @Override
    public Set<String> endpoints() {
        synchronized (lock) {
            return Set.copyOf(cursors.keySet());
        }
    }

    @Override
    public boolean removeEndpoint(String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        synchronized (lock) {
            deliveries.remove(endpoint);
            return cursors.remove(endpoint) != null;
        }
    }
}
