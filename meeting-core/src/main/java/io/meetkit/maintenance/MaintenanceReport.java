package io.meetkit.maintenance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Maintenance#runOnce()} did, job by job, in the order the jobs ran.
 *
 * @param startedAt when the run started, by MeetKit's clock
 * @param jobs one entry per job
 */
public record MaintenanceReport(Instant startedAt, List<JobRun> jobs) {

    /** Validates and copies the components. */
    public MaintenanceReport {
        Objects.requireNonNull(startedAt, "startedAt");
        jobs = List.copyOf(jobs);
    }

    /** The entry of the job named {@code name}. */
    public Optional<JobRun> job(String name) {
        Objects.requireNonNull(name, "name");
        return jobs.stream().filter(j -> j.job().equals(name)).findFirst();
    }
}
