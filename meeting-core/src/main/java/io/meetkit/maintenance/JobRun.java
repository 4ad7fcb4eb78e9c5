package io.meetkit.maintenance;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one job did in one {@link Maintenance#runOnce()}.
 *
 * @param job the job name
 * @param status whether it ran, was skipped (another instance holds its lease) or failed
 * @param affected how many things it changed (meetings deleted or finished, records purged)
 * @param detail a short human-readable summary, or the failure message
 */
public record JobRun(
        String job, Status status, int affected, @Nullable String detail) {

    /** Whether a job ran. */
    public enum Status {
        /** It ran to the end. */
        RAN,
        /** Another instance holds its lease; it did not run here. */
        SKIPPED,
        /** It threw; what it did before may stay. */
        FAILED
    }

    /**
     * What a job reports about a run.
     *
     * @param affected how many things it changed
     * @param detail a short summary, or {@code null}
     */
    public record Result(int affected, @Nullable String detail) {}

    /** Validates the components. */
    public JobRun {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(status, "status");
    }
}
