package io.meetkit.maintenance;

import io.meetkit.meeting.MeetingManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;

/**
 * MeetKit's periodic jobs, as OpenVidu Meet runs them:
 * <ul>
 *   <li>{@value #EXPIRED_MEETINGS}: meetings past their auto-delete time are deleted by their own policy
 *       ({@link MeetingManager#delete(UUID, io.meetkit.meeting.DeletionPolicy)});</li>
 *   <li>{@value #ROOM_RECONCILIATION}: meetings ACTIVE in the store whose LiveKit room is gone get the
 *       {@code room_finished} treatment (a lost webhook must not leave a meeting ACTIVE forever);</li>
 *   <li>{@value #MEETING_MAX_DURATION}: ACTIVE meetings whose current room session has lasted their
 *       {@link io.meetkit.meeting.MeetingSettings#maxDurationMinutes() duration limit} are ended as
 *       {@link MeetingManager#end(UUID)} ends them (OpenVidu Meet's {@code enforceMeetingMaxDurationGC}); its report
 *       names the ended meetings;</li>
 *   <li>{@value #NAME_RESERVATIONS}: expired display-name reservations are purged;</li>
 *   <li>{@value #WEBHOOK_IDS}: webhook event ids past their TTL are purged.</li>
 * </ul>
 * Other components add their jobs with {@link #addJob(MaintenanceJob)}.
 *
 * <p>Each job runs under a lease of its name in the {@link io.meetkit.store.LeaseStore}, held by this instance's
 * {@link #owner()} for {@link #leaseTime()} and not released early, so that of several instances sharing the store
 * (or several schedulers in one JVM) one runs each job per lease period; the others report it as skipped. Every job is
 * idempotent, so a run that outlasts its lease does no harm.
 *
 * <p>Call {@link #runOnce()} from your own scheduler, or {@link #schedule(ScheduledExecutorService, Duration)}. Get it
 * from {@code MeetKit.maintenance()}. Thread-safe.
 */
public interface Maintenance {

    /** The lease and job name of the expired-meetings job. */
    String EXPIRED_MEETINGS = "meetkit.expired-meetings";

    /** The lease and job name of the room reconciliation job. */
    String ROOM_RECONCILIATION = "meetkit.room-reconciliation";

    /** The lease and job name of the meeting duration limit job. */
    String MEETING_MAX_DURATION = "meetkit.meeting-max-duration";

    /** The lease and job name of the name-reservation purge. */
    String NAME_RESERVATIONS = "meetkit.expired-name-reservations";

    /** The lease and job name of the webhook-id purge. */
    String WEBHOOK_IDS = "meetkit.expired-webhook-ids";

    /** The default lease time: just under a minute, as OpenVidu Meet's scheduled-task locks. */
    Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(59);

    /** This instance's lease owner id (random per instance). */
    String owner();

    /** How long a job's lease is held. */
    Duration leaseTime();

    /**
     * Adds a job, run after the ones already there (the recordings component adds its stale-recordings job).
     *
     * @throws IllegalArgumentException if a job with the same name is there
     */
    void addJob(MaintenanceJob job);

    /** The jobs, in the order they run. */
    List<MaintenanceJob> jobs();

    /** The report of the last completed {@link #runOnce()}, if any. */
    Optional<MaintenanceReport> lastReport();

    /**
     * Runs every job whose lease this instance gets, one after the other. A job that fails is reported and does not
     * stop the others.
     *
     * @return what each job did
     */
    MaintenanceReport runOnce();

    /**
     * Runs {@link #runOnce()} on {@code executor} now and then every {@code interval} (fixed delay). A failing run
     * is logged and does not stop the schedule.
     *
     * @return the handle; {@code cancel(false)} stops the schedule
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    ScheduledFuture<?> schedule(ScheduledExecutorService executor, Duration interval);
}
