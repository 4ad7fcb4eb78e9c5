package io.meetkit.store;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link LeaseStore} in memory: leases shared by the schedulers of one JVM. Thread-safe. */
public final class InMemoryLeaseStore implements LeaseStore {

    private record Lease(String owner, Instant until) {}

    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryLeaseStore() {}

    @Override
    public boolean tryAcquire(String name, String owner, Instant now, Instant until) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(until, "until");
        Lease mine = new Lease(owner, until);
        Lease held = leases.compute(
                name,
                (n, current) -> current == null
                                || current.owner().equals(owner)
                                || !current.until().isAfter(now)
                        ? mine
                        : current);
        return held == mine;
    }

    @Override
    public boolean release(String name, String owner) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        boolean[] released = {false};
        leases.computeIfPresent(name, (n, current) -> {
            if (current.owner().equals(owner)) {
                released[0] = true;
                return null;
            }
            return current;
        });
        return released[0];
    }
}
