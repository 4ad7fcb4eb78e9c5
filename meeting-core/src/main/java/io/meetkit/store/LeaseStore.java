package io.meetkit.store;

import io.meetkit.StoreException;
import java.time.Instant;

/**
 * Named, expiring leases, so that one instance of a cluster runs each maintenance job (ShedLock's idea).
 * Thread-safe and atomic across instances that share the store.
 *
 * <p>Every method may throw {@link StoreException}.
 */
public interface LeaseStore {

    /**
     * Takes the lease {@code name} for {@code owner} until {@code until}, if it is free, expired, or already held by
     * {@code owner} (which extends it).
     *
     * @return whether {@code owner} holds the lease now
     */
    boolean tryAcquire(String name, String owner, Instant now, Instant until);

    /**
     * Releases the lease if {@code owner} holds it.
     *
     * @return whether it was held by {@code owner}
     */
    boolean release(String name, String owner);
}
