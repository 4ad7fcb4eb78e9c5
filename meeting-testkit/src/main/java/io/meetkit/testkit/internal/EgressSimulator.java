package io.meetkit.testkit.internal;

import io.meetkit.testkit.EgressOutcome;
import io.meetkit.testkit.TwirpCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitWebhook.WebhookEvent;
import org.jspecify.annotations.Nullable;

/**
 * Drives simulated egresses through LiveKit's statuses on one scheduler thread: STARTING → ACTIVE after the
 * activation delay, and on stop ENDING → (upload) → COMPLETE, or the outcome chosen for the egress. Uploads happen
 * outside the state lock. Thread-safe.
 */
public final class EgressSimulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EgressSimulator.class.getName());

    private final LiveKitState state;
    private final EgressUploader uploader;
    private final Consumer<List<WebhookEvent>> publisher;
    private final ScheduledExecutorService scheduler;
    private final Duration defaultActivationDelay;
    private volatile Duration activationDelay;
    private volatile EgressOutcome outcome = EgressOutcome.COMPLETE;

    /**
     * Creates a simulator.
     *
     * @param state           the state holding the egresses
     * @param uploader        the S3 uploader
     * @param publisher       publishes webhook events
     * @param activationDelay the default STARTING → ACTIVE delay
     */
    public EgressSimulator(
            LiveKitState state,
            EgressUploader uploader,
            Consumer<List<WebhookEvent>> publisher,
            Duration activationDelay) {
        this.state = Objects.requireNonNull(state, "state");
        this.uploader = Objects.requireNonNull(uploader, "uploader");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.defaultActivationDelay = Objects.requireNonNull(activationDelay, "activationDelay");
        this.activationDelay = activationDelay;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fake-livekit-egress");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
    }

    /** @param delay the STARTING → ACTIVE delay for egresses started from now on */
    public void activationDelay(Duration delay) {
        this.activationDelay = delay;
    }

    /** @param outcome the outcome for egresses started from now on */
    public void outcome(EgressOutcome outcome) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /** Restores the default outcome and activation delay. */
    public void reset() {
        this.outcome = EgressOutcome.COMPLETE;
        this.activationDelay = defaultActivationDelay;
    }

    /**
     * StartRoomCompositeEgress.
     *
     * @param req the request
     * @return the egress in EGRESS_STARTING
     */
    public EgressInfo start(RoomCompositeEgressRequest req) {
        List<WebhookEvent> events = new ArrayList<>();
        EgressInfo info = state.startEgress(req, events);
        publisher.accept(events);
        String id = info.getEgressId();
        EgressOutcome chosen = outcome;
        long delayMs = activationDelay.toMillis();
        switch (chosen) {
            case COMPLETE:
                schedule(() -> activate(id), delayMs);
                break;
            case FAIL:
                schedule(() -> fail(id, "egress failed (simulated by FakeLiveKitServer)"), delayMs);
                break;
            case LIMIT_REACHED:
                schedule(
                        () -> {
                            activate(id);
                            schedule(() -> finish(id, EgressStatus.EGRESS_LIMIT_REACHED), delayMs);
                        },
                        delayMs);
                break;
            default:
                break;
        }
        return info;
    }

    /**
     * StopEgress: ACTIVE → ENDING then COMPLETE (asynchronously), STARTING → ABORTED, and ENDING stays ENDING
     * with a 200 answer (the egress's {@code pkg/pipeline/controller.go} {@code SendEOS} answers an ENDING egress with
     * its info); only an ended egress is refused, as LiveKit's {@code pkg/service/egress.go} {@code StopEgress} does
     * when the egress no longer answers.
     *
     * @param id the egress
     * @return the egress as of the answer (ENDING or ABORTED)
     * @throws TwirpException not_found for an unknown egress, failed_precondition once it has ended
     */
    public EgressInfo stop(String id) {
        List<WebhookEvent> events = new ArrayList<>();
        if (state.abortIfStarting(id, "egress stopped before it started", events)) {
            publisher.accept(events);
            return state.egress(id).orElseThrow();
        }
        LiveKitState.UploadTarget target = state.beginEnding(id, events);
        if (target == null && state.egressStatus(id) == EgressStatus.EGRESS_ENDING) {
            return state.egress(id).orElseThrow();
        }
        if (target == null) {
            throw new TwirpException(
                    TwirpCode.FAILED_PRECONDITION,
                    "egress with status " + state.egressStatus(id) + " cannot be stopped");
        }
        publisher.accept(events);
        schedule(() -> upload(target, EgressStatus.EGRESS_COMPLETE), 0);
        return state.egress(id).orElseThrow();
    }

    /**
     * Ends the running egresses of a room that closed: active ones complete with their file, starting ones abort.
     *
     * @param ids the egress ids
     */
    public void roomClosed(List<String> ids) {
        for (String id : ids) {
            schedule(
                    () -> {
                        List<WebhookEvent> events = new ArrayList<>();
                        boolean aborted = state.abortIfStarting(id, "room closed before the egress started", events);
                        publisher.accept(events);
                        if (!aborted) {
                            finish(id, EgressStatus.EGRESS_COMPLETE);
                        }
                    },
                    0);
        }
    }

    /**
     * STARTING → ACTIVE now.
     *
     * @param id the egress
     * @return whether it changed
     */
    public boolean activate(String id) {
        List<WebhookEvent> events = new ArrayList<>();
        boolean changed = state.activateEgress(id, events);
        publisher.accept(events);
        return changed;
    }

    /**
     * Any running status → FAILED now.
     *
     * @param id    the egress
     * @param error the error text
     * @return whether it changed
     */
    public boolean fail(String id, String error) {
        List<WebhookEvent> events = new ArrayList<>();
        boolean changed = state.failEgress(id, EgressStatus.EGRESS_FAILED, error, events);
        publisher.accept(events);
        return changed;
    }

    /**
     * ACTIVE → ENDING → upload → {@code terminal}, on the calling thread.
     *
     * @param id       the egress
     * @param terminal EGRESS_COMPLETE or EGRESS_LIMIT_REACHED
     * @return whether the egress was active
     */
    public boolean finish(String id, EgressStatus terminal) {
        List<WebhookEvent> events = new ArrayList<>();
        LiveKitState.UploadTarget target = state.beginEnding(id, events);
        publisher.accept(events);
        if (target == null) {
            return false;
        }
        upload(target, terminal);
        return true;
    }

    private void upload(LiveKitState.UploadTarget target, EgressStatus terminal) {
        List<WebhookEvent> events = new ArrayList<>();
        try {
            byte[] bytes = FakeMp4.bytes();
            EgressUploader.Uploaded uploaded = uploader.upload(target.output(), target.key(), bytes);
            long ended = state.nowNanos();
            FileInfo file = FileInfo.newBuilder()
                    .setFilename(target.key())
                    .setLocation(uploaded.location())
                    .setSize(uploaded.size())
                    .setStartedAt(target.startedAtNanos())
                    .setEndedAt(ended)
                    .setDuration(Math.max(0, ended - target.startedAtNanos()))
                    .build();
            state.endEgress(target.egressId(), terminal, file, events);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "simulated egress upload failed", e);
            state.failEgress(target.egressId(), EgressStatus.EGRESS_FAILED, "upload failed: " + e.getMessage(), events);
        }
        publisher.accept(events);
    }

    private void schedule(Runnable task, long delayMs) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (TwirpException e) {
                // the egress was forgotten by reset(); nothing to do
                LOG.log(System.Logger.Level.DEBUG, "egress task skipped: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "egress task failed", e);
            }
        };
        try {
            scheduler.schedule(guarded, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the server is closing
        }
    }

    /**
     * Waits until every egress task due so far has run.
     *
     * @param timeout how long to wait at most
     * @return true if idle, false on timeout
     * @throws InterruptedException if interrupted
     */
    public boolean awaitIdle(@Nullable Duration timeout) throws InterruptedException {
        var marker = scheduler.schedule(() -> {}, 0, TimeUnit.MILLISECONDS);
        try {
            marker.get(timeout == null ? Long.MAX_VALUE : timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
