package io.meetkit.store;

import io.meetkit.ConflictException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ParticipantNameStore} in memory, for tests and single-instance development. Thread-safe: each meeting has
 * its own lock, so joins to different meetings never wait for each other.
 */
public final class InMemoryParticipantNameStore implements ParticipantNameStore {

    /** The reservations of one meeting, guarded by its own monitor. */
    private static final class MeetingNames {
        final Map<String, NameReservation> byKey = new HashMap<>();
        final Map<String, String> keyByIdentity = new HashMap<>();

        @Nullable
        NameReservation live(String key, Instant now) {
            NameReservation r = byKey.get(key);
            if (r != null && !r.expiresAt().isAfter(now)) {
                remove(r);
                return null;
            }
            return r;
        }

        @Nullable
        NameReservation liveByIdentity(String identity, Instant now) {
            String key = keyByIdentity.get(identity);
            return key == null ? null : live(key, now);
        }

        void put(NameReservation r) {
            byKey.put(r.nameKey(), r);
            keyByIdentity.put(r.identity(), r.nameKey());
        }

        void remove(NameReservation r) {
            byKey.remove(r.nameKey());
            keyByIdentity.remove(r.identity(), r.nameKey());
        }
    }

    private final ConcurrentHashMap<UUID, MeetingNames> meetings = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryParticipantNameStore() {}

    @Override
    public NameReservation reserve(
            UUID meetingId, String baseName, @Nullable String identity, String role, Instant now, Instant expiresAt) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiresAt, "expiresAt");
        MeetingNames names = meetings.computeIfAbsent(meetingId, id -> new MeetingNames());
        synchronized (names) {
            if (identity != null) {
                NameReservation held = names.liveByIdentity(identity, now);
                if (held != null) {
                    NameReservation renewed = new NameReservation(
                            meetingId, held.displayName(), identity, role, held.reservedAt(), expiresAt);
                    names.put(renewed);
                    return renewed;
                }
            }
            for (int n = 1; n <= MAX_ATTEMPTS; n++) {
                String candidate = ParticipantNameStore.candidate(baseName, n);
                String key = ParticipantNameStore.nameKey(candidate);
                if (names.live(key, now) == null) {
                    String id = identity != null ? identity : candidate;
                    NameReservation stale = names.liveByIdentity(id, now);
                    if (stale != null) {
                        continue;
                    }
                    NameReservation r = new NameReservation(meetingId, candidate, id, role, now, expiresAt);
                    names.put(r);
                    return r;
                }
            }
        }
        throw new ConflictException(
                ConflictException.NAME_UNAVAILABLE,
                "no free display name for '" + baseName + "' after " + MAX_ATTEMPTS + " attempts");
    }

    @Override
    public Optional<NameReservation> findByIdentity(UUID meetingId, String identity, Instant now) {
        MeetingNames names = meetings.get(meetingId);
        if (names == null) {
            return Optional.empty();
        }
        synchronized (names) {
            return Optional.ofNullable(names.liveByIdentity(identity, now));
        }
    }

    @Override
    public List<NameReservation> list(UUID meetingId, Instant now) {
        MeetingNames names = meetings.get(meetingId);
        if (names == null) {
            return List.of();
        }
        synchronized (names) {
            return names.byKey.values().stream()
                    .filter(r -> r.expiresAt().isAfter(now))
                    .toList();
        }
    }

    @Override
    public Optional<NameReservation> updateRole(UUID meetingId, String identity, String role, Instant now) {
        Objects.requireNonNull(role, "role");
        return change(
                meetingId,
                identity,
                now,
                r -> new NameReservation(meetingId, r.displayName(), identity, role, r.reservedAt(), r.expiresAt()));
    }

    @Override
    public Optional<NameReservation> renew(UUID meetingId, String identity, Instant now, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        return change(
                meetingId,
                identity,
                now,
                r -> new NameReservation(meetingId, r.displayName(), identity, r.role(), r.reservedAt(), expiresAt));
    }

    private Optional<NameReservation> change(
            UUID meetingId, String identity, Instant now, UnaryOperator<NameReservation> change) {
        MeetingNames names = meetings.get(meetingId);
        if (names == null) {
            return Optional.empty();
        }
        synchronized (names) {
            NameReservation r = names.liveByIdentity(identity, now);
            if (r == null) {
                return Optional.empty();
            }
            NameReservation changed = change.apply(r);
            names.put(changed);
            return Optional.of(changed);
        }
    }

    @Override
    public boolean release(UUID meetingId, String identity) {
        MeetingNames names = meetings.get(meetingId);
        if (names == null) {
            return false;
        }
        synchronized (names) {
            String key = names.keyByIdentity.get(identity);
            NameReservation r = key == null ? null : names.byKey.get(key);
            if (r == null) {
                return false;
            }
            names.remove(r);
            return true;
        }
    }

    @Override
    public int releaseAll(UUID meetingId) {
        MeetingNames names = meetings.get(meetingId);
        if (names == null) {
            return 0;
        }
        synchronized (names) {
            int n = names.byKey.size();
            names.byKey.clear();
            names.keyByIdentity.clear();
            return n;
        }
    }

    @Override
    public int purgeExpired(Instant now) {
        int purged = 0;
        for (Map.Entry<UUID, MeetingNames> e : meetings.entrySet()) {
            MeetingNames names = e.getValue();
            synchronized (names) {
                List<NameReservation> expired = names.byKey.values().stream()
                        .filter(r -> !r.expiresAt().isAfter(now))
                        .toList();
                expired.forEach(names::remove);
                purged += expired.size();
            }
        }
        return purged;
    }
}
