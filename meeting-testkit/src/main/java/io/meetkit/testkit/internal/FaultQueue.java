package io.meetkit.testkit.internal;

import io.meetkit.testkit.Fault;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Armed faults: each rule applies to the next {@code n} requests (optionally only to one RPC). The oldest matching
 * rule wins. Thread-safe.
 */
public final class FaultQueue {

    private static final class Rule {
        final @Nullable String rpc;
        final Fault fault;
        int remaining;

        Rule(@Nullable String rpc, int remaining, Fault fault) {
            this.rpc = rpc;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    /**
     * Arms a fault.
     *
     * @param rpc   the RPC (method) name it applies to, or null for any request
     * @param n     how many requests it applies to, positive
     * @param fault the fault
     */
    public synchronized void add(@Nullable String rpc, int n, Fault fault) {
        rules.add(new Rule(rpc, n, Objects.requireNonNull(fault, "fault")));
    }

    /**
     * Takes the fault for a request, if any is armed for it.
     *
     * @param rpc the request's RPC (method) name, empty when the path is not Twirp
     * @return the fault, or null
     */
    public synchronized @Nullable Fault take(String rpc) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if (r.rpc == null || r.rpc.equals(rpc)) {
                if (--r.remaining <= 0) {
                    it.remove();
                }
                return r.fault;
            }
        }
        return null;
    }

    /** @return how many faulted requests are still armed, over all rules */
    public synchronized int pending() {
        int n = 0;
        for (Rule r : rules) {
            n += r.remaining;
        }
        return n;
    }

    /** Disarms every fault. */
    public synchronized void clear() {
        rules.clear();
    }
}
