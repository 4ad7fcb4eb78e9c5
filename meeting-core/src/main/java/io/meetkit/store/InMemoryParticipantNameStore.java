package io.meetkit.store;

import io.meetkit.ConflictException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ParticipantNameStore} in memory, for tests and single-instance development. Thread-safe: each meeting has
 * its own lock, so joins to different meetings never wait for each other.
 *
 * <p>It costs what the JDBC store costs, whatever the number of participants with the same base name: the exact
 * name is one map lookup; a numbered name comes from the base name's pool of freed numbers (a sorted set), from its
 * reservations that expired but were not purged yet (the few at the head of a set sorted by expiry), or from its
 * next never-used number, so reserving the n-th {@code Guest} takes O(log n) time, not O(n).
 */
public final class InMemoryParticipantNameStore implements ParticipantNameStore {

    /** A numbered reservation of a base name, ordered by expiry then number. */
    private record Slot(Instant expiresAt, int suffix) implements Comparable<Slot> {
        @Override
        public int compareTo(Slot o) {
            int c = expiresAt.compareTo(o.expiresAt);
            return c != 0 ? c : Integer.compare(suffix, o.suffix);
        }
    }

    /** The numbers of one base name: freed ones, the next never used one, and the reserved ones by expiry. */
    private static final class BaseNumbers {
        final TreeSet<Integer> freed = new TreeSet<>();
        final TreeSet<Slot> byExpiry = new TreeSet<>();
        int next = 2;

        /**
         * Returns the reservation with the smallest number among those that expired at or before {@code now}: a
         * walk over the head of {@link #byExpiry}, as long as the expired ones not purged yet.
         */
        @Nullable
        Slot smallestExpired(Instant now) {
            Slot smallest = null;
            for (Slot slot : byExpiry) {
                if (slot.expiresAt().isAfter(now)) {
                    break;
                }
                if (smallest == null || slot.suffix() < smallest.suffix()) {
                    smallest = slot;
                }
            }
            return smallest;
        }
    }

    /** The reservations of one meeting, guarded by its own monitor. */
    private static final class MeetingNames {
        final Map<String, NameReservation> byKey = new HashMap<>();
        final Map<String, String> keyByIdentity = new HashMap<>();
        final Map<String, BaseNumbers> bases = new HashMap<>();

        @Nullable
        NameReservation live(String key, Instant now) {
            NameReservation r = byKey.get(key);
            return r != null && r.expiresAt().isAfter(now) ? r : null;
        }

        @Nullable
        NameReservation liveByIdentity(String identity, Instant now) {
            String key = keyByIdentity.get(identity);
            return key == null ? null : live(key, now);
        }

        BaseNumbers base(String baseKey) {
            return bases.computeIfAbsent(baseKey, k -> new BaseNumbers());
        }

        void put(NameReservation r) {
            NameReservation previous = byKey.put(r.nameKey(), r);
            if (previous != null) {
                unindex(previous);
            }
            keyByIdentity.put(r.identity(), r.nameKey());
            int suffix = ParticipantNameStore.suffixOf(r.nameKey());
            if (suffix > 1) {
                base(ParticipantNameStore.baseKeyOf(r.nameKey())).byExpiry.add(new Slot(r.expiresAt(), suffix));
            }
        }

        private void unindex(NameReservation r) {
            keyByIdentity.remove(r.identity(), r.nameKey());
            int suffix = ParticipantNameStore.suffixOf(r.nameKey());
            if (suffix > 1) {
                BaseNumbers b = bases.get(ParticipantNameStore.baseKeyOf(r.nameKey()));
                if (b != null) {
                    b.byExpiry.remove(new Slot(r.expiresAt(), suffix));
                }
            }
        }

        /** Removes a reservation whose name becomes free: its number goes to the pool of its base name. */
        void free(NameReservation r) {
            if (byKey.remove(r.nameKey(), r)) {
                unindex(r);
                int suffix = ParticipantNameStore.suffixOf(r.nameKey());
                if (suffix > 1) {
                    base(ParticipantNameStore.baseKeyOf(r.nameKey())).freed.add(suffix);
                }
            }
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
            NameReservation exact = tryClaim(names, meetingId, baseName, identity, role, now, expiresAt);
            if (exact != null) {
                return exact;
            }
            BaseNumbers numbers = names.base(ParticipantNameStore.nameKey(baseName));
            while (true) {
                Slot expired = numbers.smallestExpired(now);
                int suffix = nextCandidate(numbers, expired);
                NameReservation r = tryClaim(
                        names,
                        meetingId,
                        ParticipantNameStore.candidate(baseName, suffix),
                        identity,
                        role,
                        now,
                        expiresAt);
                if (r != null) {
                    return r;
                }
                if (expired != null && expired.suffix() == suffix) {
                    numbers.byExpiry.remove(expired); // skipped for good, so that the loop moves on
                }
                // held by a name typed with this number, or the name is a live participant's identity: next one
            }
        }
    }

    /** Takes the smallest of the freed numbers, the smallest expired one and the next never-used one. */
    private static int nextCandidate(BaseNumbers numbers, @Nullable Slot expired) {
        Integer freed = numbers.freed.isEmpty() ? null : numbers.freed.first();
        if (freed != null && (expired == null || freed <= expired.suffix())) {
            numbers.freed.remove(freed);
            return freed;
        }
        if (expired != null) {
            return expired.suffix();
        }
        if (numbers.next == Integer.MAX_VALUE) {
            throw new ConflictException(ConflictException.NAME_UNAVAILABLE, "no number left for this display name");
        }
        return numbers.next++;
    }

    /** Reserves {@code candidate} if it is free, or returns {@code null}. */
    private static @Nullable NameReservation tryClaim(
            MeetingNames names,
            UUID meetingId,
            String candidate,
            @Nullable String identity,
            String role,
            Instant now,
            Instant expiresAt) {
        String key = ParticipantNameStore.nameKey(candidate);
        if (names.live(key, now) != null) {
            return null;
        }
        String id = identity != null ? identity : candidate;
        String heldKey = names.keyByIdentity.get(id);
        if (heldKey != null) {
            NameReservation holder = names.byKey.get(heldKey);
            if (holder != null && holder.expiresAt().isAfter(now)) {
                return null; // the candidate is another live participant's identity
            }
            if (holder != null) {
                names.free(holder);
            }
        }
        NameReservation expired = names.byKey.get(key);
        if (expired != null) {
            names.byKey.remove(key);
            names.unindex(expired);
        }
        NameReservation r = new NameReservation(meetingId, candidate, id, role, now, expiresAt);
        names.put(r);
        return r;
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
            names.free(r);
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
            names.bases.clear();
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
                expired.forEach(names::free);
                purged += expired.size();
            }
        }
        return purged;
    }
}
