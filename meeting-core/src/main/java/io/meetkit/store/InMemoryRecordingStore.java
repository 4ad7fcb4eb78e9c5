package io.meetkit.store;

import io.meetkit.ConflictException;
import io.meetkit.recording.Recording;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RecordingStore} in memory, for tests and local development. Thread-safe; the one-unfinished-recording
 * rule is checked and applied under one lock, so concurrent inserts cannot both win.
 */
public final class InMemoryRecordingStore implements RecordingStore {

    private final ConcurrentHashMap<UUID, Recording> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, UUID> unfinishedByMeeting = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<KeysetPosition, Recording> newestFirst =
            new ConcurrentSkipListMap<>(KeysetPosition.NEWEST_FIRST);
    private final Object writeLock = new Object();

    /** Creates an empty store. */
    public InMemoryRecordingStore() {}

    @Override
    public void insert(Recording recording) {
        Objects.requireNonNull(recording, "recording");
        synchronized (writeLock) {
            if (byId.containsKey(recording.id())) {
                throw new ConflictException(
                        ConflictException.ALREADY_EXISTS, "recording id already exists: " + recording.id());
            }
            if (!recording.status().isFinished()) {
                if (unfinishedByMeeting.containsKey(recording.meetingId())) {
                    throw new ConflictException(
                            ConflictException.RECORDING_IN_PROGRESS,
                            "meeting " + recording.meetingId() + " already has an unfinished recording");
                }
                unfinishedByMeeting.put(recording.meetingId(), recording.id());
            }
            byId.put(recording.id(), recording);
            newestFirst.put(position(recording), recording);
        }
    }

    @Override
    public Optional<Recording> findById(UUID id) {
        return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
    }

    @Override
    public Optional<Recording> findByEgressId(String egressId) {
        Objects.requireNonNull(egressId, "egressId");
        return byId.values().stream()
                .filter(r -> r.egressId().filter(egressId::equals).isPresent())
                .findFirst();
    }

    @Override
    public Optional<Recording> findUnfinished(UUID meetingId) {
        UUID id = unfinishedByMeeting.get(Objects.requireNonNull(meetingId, "meetingId"));
        return id == null ? Optional.empty() : findById(id);
    }

    @Override
    public Optional<Recording> update(Recording changed) {
        Objects.requireNonNull(changed, "changed");
        synchronized (writeLock) {
            Recording current = byId.get(changed.id());
            if (current == null || current.version() != changed.version()) {
                return Optional.empty();
            }
            if (!current.meetingId().equals(changed.meetingId())
                    || !current.createdAt().equals(changed.createdAt())) {
                throw new IllegalArgumentException(
                        "meetingId and createdAt of a recording never change: " + changed.id());
            }
            if (current.status().isFinished() && !changed.status().isFinished()) {
                throw new IllegalArgumentException("a finished recording cannot become unfinished: " + changed.id());
            }
            Recording stored =
                    changed.toBuilder().version(changed.version() + 1).build();
            byId.put(stored.id(), stored);
            newestFirst.put(position(stored), stored);
            if (stored.status().isFinished()) {
                unfinishedByMeeting.remove(stored.meetingId(), stored.id());
            }
            return Optional.of(stored);
        }
    }

    @Override
    public boolean delete(UUID id) {
        Objects.requireNonNull(id, "id");
        synchronized (writeLock) {
            Recording removed = byId.remove(id);
            if (removed == null) {
                return false;
            }
            newestFirst.remove(position(removed));
            unfinishedByMeeting.remove(removed.meetingId(), removed.id());
            return true;
        }
    }

    @Override
    public List<Recording> page(RecordingFilter filter, @Nullable KeysetPosition after, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        NavigableMap<KeysetPosition, Recording> tail = after == null ? newestFirst : newestFirst.tailMap(after, false);
        List<Recording> page = new ArrayList<>(Math.min(limit, 128));
        for (Map.Entry<KeysetPosition, Recording> e : tail.entrySet()) {
            Recording r = e.getValue();
            if ((filter.meetingId() == null || r.meetingId().equals(filter.meetingId()))
                    && (filter.status() == null || r.status() == filter.status())) {
                page.add(r);
                if (page.size() == limit) {
                    break;
                }
            }
        }
        return page;
    }

    @Override
    public long countByMeeting(UUID meetingId) {
        Objects.requireNonNull(meetingId, "meetingId");
        return byId.values().stream()
                .filter(r -> r.meetingId().equals(meetingId))
                .count();
    }

    @Override
    public List<Recording> findStale(Instant updatedBefore, int limit) {
        Objects.requireNonNull(updatedBefore, "updatedBefore");
        return byId.values().stream()
                .filter(r -> !r.status().isFinished() && r.updatedAt().isBefore(updatedBefore))
                .sorted(Comparator.comparing(Recording::updatedAt))
                .limit(limit)
                .toList();
    }

    private static KeysetPosition position(Recording r) {
        return new KeysetPosition(r.createdAt(), r.id());
    }
}
