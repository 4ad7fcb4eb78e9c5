package io.meetkit.maintenance;

/**
 * One periodic job of {@link Maintenance}, run under a lease named {@link #name()} so that one instance of a cluster
 * runs it at a time. Jobs must be idempotent: after a lease expires mid-run, another instance may run the same job.
 * Implementations are thread-safe.
 */
public interface MaintenanceJob {

    /** The job's name, also the lease name, for example {@code meetkit.expired-meetings}. */
    String name();

    /**
     * Runs the job once.
     *
     * @param now the current time, from MeetKit's clock
     * @return what it did
     * @throws RuntimeException any failure; it is reported as {@link JobRun.Status#FAILED} and does not stop the
     *     other jobs
     */
    JobRun.Result run(java.time.Instant now);
}
