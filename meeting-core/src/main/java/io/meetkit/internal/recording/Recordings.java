package io.meetkit.internal.recording;

import io.meetkit.LiveKitUnavailableException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.maintenance.JobRun;
import io.meetkit.maintenance.MaintenanceJob;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.RecordingStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The recordings component, wired through constructors in one place: the API, the egress-event sink the webhook
 * handler feeds, the purge meeting deletion uses, and the stale-recordings maintenance job. {@code MeetKit.build()}
 * creates one and hands each part to the component that needs it; nothing is installed afterwards. Its arguments
 * are checked once, by {@code MeetKit.Builder}, and not again here.
 *
 * @param controller the API ({@code MeetKit.recordings()})
 * @param egressEvents the receiver of LiveKit's egress webhooks
 * @param purge what deleting a meeting does with its recordings
 * @param staleJob the maintenance job named {@value RecordingController#STALE_RECORDINGS_JOB}
 */
public record Recordings(
        RecordingController controller, EgressEvents egressEvents, RecordingPurge purge, MaintenanceJob staleJob) {

    /** Checks that every part is present. */
    public Recordings {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(egressEvents, "egressEvents");
        Objects.requireNonNull(purge, "purge");
        Objects.requireNonNull(staleJob, "staleJob");
    }

    /**
     * Builds the component.
     *
     * @param context the shared context
     * @param storage where the files are, or {@code null} when the egress uploads with its own configuration and
     *     MeetKit neither downloads nor deletes files
     * @param startTimeout how long a start waits for the egress to become active (positive)
     * @param keyPrefix the object key prefix, for example {@code recordings}, as
     *     {@link RecordingController#validKeyPrefix} returns it
     * @param staleAfter how long without an update makes a recording stale for the maintenance job (positive)
     */
    public static Recordings create(
            MeetKitContext context,
            @Nullable RecordingStorage storage,
            Duration startTimeout,
            String keyPrefix,
            Duration staleAfter) {
        ChangeSignal signal = new ChangeSignal();
        RecordingChanges changes = new RecordingChanges(context, signal);
        EgressSync sync = new EgressSync(context, changes);
        EgressReconciler reconciler = new EgressReconciler(context, changes, sync, keyPrefix);
        EgressEventSink events = new EgressEventSink(context, changes, signal, sync);
        RecordingWaiter waiter = new RecordingWaiter(context, signal, events, sync, startTimeout);
        RecordingFiles files = new RecordingFiles(context.stores().recordings(), storage);
        RecordingController controller =
                new DefaultRecordingController(context, changes, events, sync, waiter, files, keyPrefix);
        RecordingPurge purge = new RecordingPurge(context, changes, sync, waiter, files);
        return new Recordings(controller, events, purge, new StaleRecordingsJob(sync, reconciler, staleAfter));
    }

    /** The stale-recordings check: one rule for {@code syncStale}'s argument. */
    static Duration notNegative(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        return olderThan;
    }

    /**
     * Runs {@link EgressSync#syncStale}, then {@link EgressReconciler#reconcile}, as a maintenance job; what the
     * reconciliation adopted or stopped is in the run's detail.
     */
    private record StaleRecordingsJob(EgressSync sync, EgressReconciler reconciler, Duration olderThan)
            implements MaintenanceJob {
        @Override
        public String name() {
            return RecordingController.STALE_RECORDINGS_JOB;
        }

        @Override
        public JobRun.Result run(Instant now) {
            int n = sync.syncStale(olderThan);
            EgressReconciler.Reconciled r;
            try {
                r = reconciler.reconcile();
            } catch (LiveKitUnavailableException e) {
                return new JobRun.Result(
                        n,
                        "checked " + n + " stale recording(s); not reconciled, LiveKit is unavailable: "
                                + e.getMessage());
            }
            return new JobRun.Result(n + r.affected(), "checked " + n + " stale recording(s); " + r.detail());
        }
    }
}
