package io.meetkit.store;

import io.meetkit.ConflictException;
import io.meetkit.meeting.Meeting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MeetingStore} in memory, for tests and local development: nothing survives a restart and nothing is shared
 * between instances. Thread-safe: reads are lock-free; writes hold one lock briefly and never call out while
 * holding it. Pages walk a sorted index, so a page costs O(log n + page size) however deep it is.
 */
public final class InMemoryMeetingStore implements MeetingStore {

    private final ConcurrentHashMap<UUID, Meeting> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UUID> byRoomName = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<KeysetPosition, Meeting> newestFirst =
            new ConcurrentSkipListMap<>(KeysetPosition.NEWEST_FIRST);
    private final Object writeLock = new Object();

    /** Creates an empty store. */
    public InMemoryMeetingStore() {}

    @Override
    public void insert(Meeting meeting) {
        Objects.requireNonNull(meeting, "meeting");
        synchronized (writeLock) {
            if (byId.containsKey(meeting.id())) {
                throw new ConflictException(
                        ConflictException.ALREADY_EXISTS, "meeting id already exists: " + meeting.id());
            }
            if (byRoomName.containsKey(meeting.roomName())) {
                throw new ConflictException(
                        ConflictException.ALREADY_EXISTS, "room name already exists: " + meeting.roomName());
            }
            byRoomName.put(meeting.roomName(), meeting.id());
            newestFirst.put(position(meeting), meeting);
            byId.put(meeting.id(), meeting);
        }
    }

    @Override
    public Optional<Meeting> findById(UUID id) {
        return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
    }

    @Override
    public Optional<Meeting> findByRoomName(String roomName) {
        UUID id = byRoomName.get(Objects.requireNonNull(roomName, "roomName"));
        return id == null ? Optional.empty() : findById(id);
    }

    @Override
    public Optional<Meeting> update(Meeting changed) {
        Objects.requireNonNull(changed, "changed");
        synchronized (writeLock) {
            Meeting current = byId.get(changed.id());
            if (current == null || current.version() != changed.version()) {
                return Optional.empty();
            }
            if (!current.roomName().equals(changed.roomName())
                    || !current.createdAt().equals(changed.createdAt())) {
                throw new IllegalArgumentException("roomName and createdAt of a meeting never change: " + changed.id());
            }
            Meeting stored = changed.toBuilder().version(changed.version() + 1).build();
            byId.put(stored.id(), stored);
            newestFirst.put(position(stored), stored);
            return Optional.of(stored);
        }
    }

    @Override
    public boolean delete(UUID id) {
        Objects.requireNonNull(id, "id");
        synchronized (writeLock) {
            Meeting removed = byId.remove(id);
            if (removed == null) {
                return false;
            }
            byRoomName.remove(removed.roomName());
            newestFirst.remove(position(removed));
            return true;
        }
    }

    @Override
    public List<Meeting> page(MeetingFilter filter, @Nullable KeysetPosition after, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        NavigableMap<KeysetPosition, Meeting> tail = after == null ? newestFirst : newestFirst.tailMap(after, false);
        String needle =
                filter.titleContains() == null ? null : filter.titleContains().toLowerCase(Locale.ROOT);
        List<Meeting> page = new ArrayList<>(Math.min(limit, 128));
        for (Map.Entry<KeysetPosition, Meeting> e : tail.entrySet()) {
            Meeting m = e.getValue();
            if (matches(m, filter, needle)) {
                page.add(m);
                if (page.size() == limit) {
                    break;
                }
            }
        }
        return page;
    }

    private static boolean matches(Meeting m, MeetingFilter filter, @Nullable String needle) {
        return (filter.status() == null || m.status() == filter.status())
                && (filter.createdBy() == null || m.createdBy().equals(filter.createdBy()))
                && (needle == null || m.title().toLowerCase(Locale.ROOT).contains(needle));
    }

    @Override
    public List<Meeting> findExpired(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        return byId.values().stream()
                .filter(m -> m.autoDeleteAt().map(at -> !at.isAfter(now)).orElse(false))
                .sorted(Comparator.comparing((Meeting m) -> m.autoDeleteAt().orElseThrow()))
                .limit(limit)
                .toList();
    }

    @Override
    public List<Meeting> findOverMaxDuration(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return byId.values().stream()
                .filter(m ->
                        m.maxDurationReachedAt().map(at -> !at.isAfter(now)).orElse(false))
                .sorted(MAX_DURATION_ORDER)
                .limit(limit)
                .toList();
    }

    private static KeysetPosition position(Meeting m) {
        return new KeysetPosition(m.createdAt(), m.id());
    }
}
