package io.meetkit.internal.maintenance;

import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.MeetingLifecycle.FinishOutcome;
import io.meetkit.livekit.LiveRoom;
import io.meetkit.maintenance.JobRun;
import io.meetkit.maintenance.Maintenance;
import io.meetkit.maintenance.MaintenanceJob;
import io.meetkit.maintenance.MaintenanceReport;
import io.meetkit.meeting.DeletionResult;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.rules.InputRules;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.MeetingFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation of {@link Maintenance}, built by {@code MeetKit}. Thread-safe. Not API. */
public final class MaintenanceImpl implements Maintenance {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceImpl.class);

    private static final int BATCH = 100;
    private static final int MAX_EXPIRED_PER_RUN = 10_000;

    private final MeetKitContext context;
    private final MeetingManager meetings;
    private final MeetingLifecycle lifecycle;
    private final String owner;
    private final Duration leaseTime;
    private final List<MaintenanceJob> jobs = new CopyOnWriteArrayList<>();
    private final AtomicReference<@Nullable MaintenanceReport> lastReport = new AtomicReference<>();

    /**
     * Creates the maintenance with the built-in jobs. Applications get it from {@code MeetKit.maintenance()}.
     *
     * @param context MeetKit's shared context
     * @param meetings the meeting manager (deletion by policy)
     * @param lifecycle the room lifecycle (the {@code room_finished} treatment)
     * @param leaseTime how long a job's lease is held
     * @param moreJobs the other components' jobs (the recordings' stale job), run after the built-in ones
     * @throws IllegalArgumentException if {@code leaseTime} is not positive
     */
    public MaintenanceImpl(
            MeetKitContext context,
            MeetingManager meetings,
            MeetingLifecycle lifecycle,
            Duration leaseTime,
            List<MaintenanceJob> moreJobs) {
        this.context = Objects.requireNonNull(context, "context");
        this.meetings = Objects.requireNonNull(meetings, "meetings");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.leaseTime = InputRules.positive(leaseTime, "leaseTime");
        this.owner = "meetkit-" + UUID.randomUUID();
        jobs.add(job(EXPIRED_MEETINGS, this::deleteExpiredMeetings));
        jobs.add(job(ROOM_RECONCILIATION, this::finishGoneRooms));
        jobs.add(job(MEETING_MAX_DURATION, this::endMeetingsOverMaxDuration));
        jobs.add(job(NAME_RESERVATIONS, now -> {
            int n = context.stores().participantNames().purgeExpired(now);
            int bans = context.stores().participantBans().purgeExpired(now);
            return new JobRun.Result(
                    n + bans, "purged " + n + " expired name reservation(s) and " + bans + " lapsed ban(s)");
        }));
        jobs.add(job(WEBHOOK_IDS, now -> {
            int n = context.stores().webhookEvents().purgeExpired(now);
            return new JobRun.Result(n, "purged " + n + " expired webhook id(s)");
        }));
        moreJobs.forEach(this::addJob);
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public Duration leaseTime() {
        return leaseTime;
    }

    @Override
    public void addJob(MaintenanceJob job) {
        Objects.requireNonNull(job, "job");
        synchronized (jobs) {
            if (jobs.stream().anyMatch(j -> j.name().equals(job.name()))) {
                throw new IllegalArgumentException("a job named " + job.name() + " exists already");
            }
            jobs.add(job);
        }
    }

    @Override
    public List<MaintenanceJob> jobs() {
        return List.copyOf(jobs);
    }

    @Override
    public Optional<MaintenanceReport> lastReport() {
        return Optional.ofNullable(lastReport.get());
    }

    @Override
    public MaintenanceReport runOnce() {
        Instant started = context.now();
        List<JobRun> runs = new ArrayList<>();
        for (MaintenanceJob job : jobs) {
            runs.add(runJob(job));
        }
        MaintenanceReport report = new MaintenanceReport(started, runs);
        lastReport.set(report);
        return report;
    }

    private JobRun runJob(MaintenanceJob job) {
        Instant now = context.now();
        boolean leased;
        try {
            leased = context.stores().leases().tryAcquire(job.name(), owner, now, now.plus(leaseTime));
        } catch (RuntimeException e) {
            log.warn("Maintenance job {}: the lease store failed", job.name(), e);
            return new JobRun(job.name(), JobRun.Status.FAILED, 0, "lease store failed: " + e.getMessage());
        }
        if (!leased) {
            return new JobRun(job.name(), JobRun.Status.SKIPPED, 0, "another instance holds the lease");
        }
        try {
            JobRun.Result r = job.run(now);
            log.debug("Maintenance job {}: {}", job.name(), r.detail());
            return new JobRun(job.name(), JobRun.Status.RAN, r.affected(), r.detail());
        } catch (RuntimeException e) {
            log.warn("Maintenance job {} failed", job.name(), e);
            return new JobRun(job.name(), JobRun.Status.FAILED, 0, e.getMessage());
        }
    }

    @Override
    public ScheduledFuture<?> schedule(ScheduledExecutorService executor, Duration interval) {
        Objects.requireNonNull(executor, "executor");
        InputRules.positive(interval, "interval");
        return executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        runOnce();
                    } catch (RuntimeException e) {
                        log.warn("Maintenance run failed", e);
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return "Maintenance{owner=" + owner + ", jobs="
                + jobs.stream().map(MaintenanceJob::name).toList() + "}";
    }

    // ---------------------------------------------------------------- built-in jobs

    private static MaintenanceJob job(String name, java.util.function.Function<Instant, JobRun.Result> body) {
        return new MaintenanceJob() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public JobRun.Result run(Instant now) {
                return body.apply(now);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private JobRun.Result deleteExpiredMeetings(Instant now) {
        Set<UUID> seen = new HashSet<>();
        int deleted = 0;
        int closed = 0;
        int scheduled = 0;
        int failed = 0;
        while (seen.size() < MAX_EXPIRED_PER_RUN) {
            int limit = seen.size() + BATCH; // meetings kept (closed, scheduled, failed) come back: skip them
            List<Meeting> batch = context.stores().meetings().findExpired(now, limit);
            boolean progress = false;
            for (Meeting m : batch) {
                if (!seen.add(m.id())) {
                    continue;
                }
                progress = true;
                try {
                    DeletionResult r = meetings.delete(m.id(), m.autoDeletePolicy());
                    switch (r.outcome()) {
                        case DELETED -> deleted++;
                        case CLOSED -> closed++;
                        case SCHEDULED_TO_BE_DELETED, SCHEDULED_TO_BE_CLOSED -> scheduled++;
                        default -> throw new IllegalStateException("unknown outcome " + r.outcome());
                    }
                } catch (NotFoundException gone) {
                    // deleted meanwhile
                } catch (MeetingException e) {
                    failed++;
                    log.warn("Could not auto-delete meeting {}: {}", m.id(), e.getMessage());
                }
            }
            if (!progress || batch.size() < limit) {
                break;
            }
        }
        return new JobRun.Result(
                deleted + closed,
                "deleted " + deleted + ", closed " + closed + ", scheduled " + scheduled + ", failed " + failed
                        + " expired meeting(s)");
    }

    /**
     * Ends the ACTIVE meetings whose current session reached its duration limit, as {@code MeetingManager.end} does:
     * LiveKit deletes the room, then the session is finished (end action, {@code MeetingEnded}) by compare-and-set,
     * so that of two runs that overlap (a lease that expired mid-run) one ends it. The limit is measured from the
     * session's start, LiveKit's clock, to {@code now}, MeetKit's clock: a skew between them moves the end by as
     * much. A room that LiveKit runs under another sid than the stored one is a newer session whose
     * {@code room_started} has not arrived: it is left alone. If the process dies between the room's deletion and
     * the finish, the {@code room_finished} webhook, the next run or the reconciliation finishes it.
     */
    private JobRun.Result endMeetingsOverMaxDuration(Instant now) {
        Set<UUID> seen = new HashSet<>();
        List<String> ended = new ArrayList<>();
        int failed = 0;
        while (seen.size() < MAX_EXPIRED_PER_RUN) {
            int limit = seen.size() + BATCH; // meetings left alone or failed come back: skip them
            List<Meeting> batch = context.stores().meetings().findOverMaxDuration(now, limit);
            List<Meeting> fresh =
                    batch.stream().filter(m -> !seen.contains(m.id())).toList();
            if (fresh.isEmpty()) {
                break;
            }
            Set<String> names = fresh.stream().map(Meeting::roomName).collect(Collectors.toSet());
            Map<String, String> liveSids = new HashMap<>();
            for (LiveRoom room : context.liveKit().listRooms(names)) {
                liveSids.put(room.name(), room.sid());
            }
            for (Meeting m : fresh) {
                seen.add(m.id());
                String sid = m.roomSid().orElse(null);
                String liveSid = liveSids.get(m.roomName());
                if (liveSid != null && sid != null && !liveSid.equals(sid)) {
                    continue; // another session than the one stored: not the one that reached the limit
                }
                try {
                    if (liveSid != null) {
                        try {
                            context.liveKit().deleteRoom(m.roomName());
                        } catch (NotFoundException gone) {
                            // ended meanwhile
                        }
                    }
                    FinishOutcome outcome =
                            lifecycle.finishIfCurrent(m.id(), sid, now).outcome();
                    if (outcome != FinishOutcome.IGNORED && outcome != FinishOutcome.NOT_FOUND) {
                        ended.add(m.id().toString());
                        log.info(
                                "Meeting {} reached its {}-minute limit: ended it ({})",
                                m.id(),
                                m.settings().maxDurationMinutes().orElse(0),
                                outcome);
                    }
                } catch (MeetingException e) {
                    failed++;
                    log.warn("Could not end meeting {} at its duration limit: {}", m.id(), e.getMessage());
                }
            }
            if (batch.size() < limit) {
                break;
            }
        }
        String detail = "ended " + ended.size() + " meeting(s) over their duration limit"
                + (failed > 0 ? ", failed " + failed : "")
                + (ended.isEmpty()
                        ? ""
                        : ": " + String.join(", ", ended.subList(0, Math.min(ended.size(), 50)))
                                + (ended.size() > 50 ? ", …" : ""));
        return new JobRun.Result(ended.size(), detail);
    }

    private JobRun.Result finishGoneRooms(Instant now) {
        MeetingFilter active = new MeetingFilter(MeetingStatus.ACTIVE, null, null);
        KeysetPosition after = null;
        int finished = 0;
        int checked = 0;
        while (true) {
            List<Meeting> page = context.stores().meetings().page(active, after, BATCH);
            if (page.isEmpty()) {
                break;
            }
            checked += page.size();
            Set<String> names = page.stream().map(Meeting::roomName).collect(Collectors.toSet());
            Set<String> alive = context.liveKit().listRooms(names).stream()
                    .map(LiveRoom::name)
                    .collect(Collectors.toSet());
            for (Meeting m : page) {
                if (alive.contains(m.roomName())) {
                    continue;
                }
                FinishOutcome outcome = lifecycle
                        .finishIfCurrent(m.id(), m.roomSid().orElse(null), now)
                        .outcome();
                if (outcome != FinishOutcome.IGNORED && outcome != FinishOutcome.NOT_FOUND) {
                    finished++;
                    log.info(
                            "Meeting {} was ACTIVE but its LiveKit room {} is gone: finished it ({})",
                            m.id(),
                            m.roomName(),
                            outcome);
                }
            }
            if (page.size() < BATCH) {
                break;
            }
            Meeting last = page.get(page.size() - 1);
            after = new KeysetPosition(last.createdAt(), last.id());
        }
        return new JobRun.Result(
                finished, "checked " + checked + " active meeting(s), finished " + finished + " whose room is gone");
    }
}
