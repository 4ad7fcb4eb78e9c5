package io.meetkit.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ParticipantBanStore} in memory, for tests and single-instance development: nothing is shared between JVMs.
 * Thread-safe; each change is one atomic map operation.
 */
public final class InMemoryParticipantBanStore implements ParticipantBanStore {

    private record Key(UUID meetingId, String identity) {}

    private final ConcurrentHashMap<Key, ParticipantBan> bans = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryParticipantBanStore() {}

    @Override
    public ParticipantBan ban(UUID meetingId, String identity, Instant now, Instant until) {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(until, "until");
        return bans.compute(new Key(meetingId, identity), (k, held) -> {
            if (held != null && held.until().isAfter(now) && !held.until().isBefore(until)) {
                return held;
            }
            return new ParticipantBan(meetingId, identity, now, until);
        });
    }

    @Override
    public Optional<ParticipantBan> find(UUID meetingId, String identity, Instant now) {
        ParticipantBan ban = bans.get(new Key(meetingId, identity));
        return ban != null && ban.until().isAfter(now) ? Optional.of(ban) : Optional.empty();
    }

    @Override
    public List<ParticipantBan> list(UUID meetingId, Instant now) {
        return bans.values().stream()
                .filter(b -> b.meetingId().equals(meetingId) && b.until().isAfter(now))
                .toList();
    }

    @Override
    public boolean lift(UUID meetingId, String identity) {
        return bans.remove(new Key(meetingId, identity)) != null;
    }

    @Override
    public int liftAll(UUID meetingId) {
        int[] n = {0};
        bans.keySet().removeIf(k -> {
            boolean match = k.meetingId().equals(meetingId);
            if (match) {
                n[0]++;
            }
            return match;
        });
        return n[0];
    }

    @Override
    public int purgeExpired(Instant now) {
        int[] n = {0};
        bans.values().removeIf(b -> {
            boolean lapsed = !b.until().isAfter(now);
            if (lapsed) {
                n[0]++;
            }
            return lapsed;
        });
        return n[0];
    }
}
