package io.meetkit.internal.recording;

import io.meetkit.internal.MeetKitContext;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.recording.Recording;
import io.meetkit.store.RecordingStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies what LiveKit's egress webhooks say to the recordings; monotonic, so replays change nothing. An event can
 * beat the {@code StartEgress} answer that tells MeetKit the egress id, or come to another instance than the one
 * that started it: an unknown egress id is matched through the store (the egress's room, its meeting, that
 * meeting's one unfinished recording without an egress), which binds it. An event that still matches nothing waits
 * in a bounded in-memory buffer (the newest status per egress) until the id is stored. Thread-safe. Not API.
 */
public final class EgressEventSink implements EgressEvents {

    private static final int MAX_UNMATCHED = 1024;

    private final MeetKitContext context;
    private final RecordingStore store;
    private final RecordingChanges changes;
    private final ChangeSignal signal;
    private final EgressSync sync;

    /** Egress events that came before the egress id was stored; the eldest goes first when it is full. */
    private final Map<String, EgressSnapshot> unmatched = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EgressSnapshot> eldest) {
            return size() > MAX_UNMATCHED;
        }
    };

    /**
     * Creates the sink.
     *
     * @param context the shared context (clock, recording store)
     * @param changes where the events are applied
     * @param signal woken when an event waits for its egress id
     * @param sync stops the egress of a recording whose stop was requested while it was starting
     */
    public EgressEventSink(MeetKitContext context, RecordingChanges changes, ChangeSignal signal, EgressSync sync) {
        this.context = Objects.requireNonNull(context, "context");
        this.store = context.stores().recordings();
        this.changes = Objects.requireNonNull(changes, "changes");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    @Override
    public void onEgress(EgressSnapshot egress, Instant at) {
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(at, "at");
        Optional<Recording> r = store.findByEgressId(egress.egressId());
        if (r.isPresent()) {
            sync.stopIfRequested(changes.apply(r.get().id(), egress, at).orElse(r.get()));
            return;
        }
        // an egress MeetKit does not know yet: matched through the store (its room, the meeting, that meeting's one
        // unfinished recording that has no egress yet), so it does not matter which instance started the recording
        // or whether its StartEgress answer ever arrived
        Optional<Recording> waiting = context.stores()
                .meetings()
                .findByRoomName(egress.roomName())
                .flatMap(m -> store.findUnfinished(m.id()))
                .filter(u -> u.egressId().isEmpty());
        Optional<Recording> bound = waiting.flatMap(u -> changes.bindEgress(u.id(), egress.egressId()));
        if (bound.isPresent()) {
            // a stop asked for on any instance while the recording was starting is stored on it: honoured here
            sync.stopIfRequested(changes.apply(bound.get().id(), egress, at).orElse(bound.get()));
            signal.signal();
            return;
        }
        synchronized (unmatched) {
            EgressSnapshot known = unmatched.get(egress.egressId());
            if (known == null
                    || RecordingTransitions.rank(egress.status()) >= RecordingTransitions.rank(known.status())) {
                unmatched.put(egress.egressId(), egress);
            }
        }
        // the egress id may have been stored meanwhile
        store.findByEgressId(egress.egressId()).ifPresent(rec -> applyUnmatched(rec.id(), egress.egressId()));
        signal.signal();
    }

    /** Applies the buffered event of {@code egressId}, if one came before the id was stored. */
    public void applyUnmatched(UUID recordingId, String egressId) {
        EgressSnapshot early;
        synchronized (unmatched) {
            early = unmatched.remove(egressId);
        }
        if (early != null) {
            changes.apply(recordingId, early, context.now());
        }
    }
}
