/**
 * The recordings component, split by job: {@link io.meetkit.internal.recording.DefaultRecordingController} (the
 * API), {@link io.meetkit.internal.recording.RecordingTransitions} (pure state rules),
 * {@link io.meetkit.internal.recording.RecordingChanges} (compare-and-set and events),
 * {@link io.meetkit.internal.recording.EgressEventSink} (LiveKit's egress webhooks),
 * {@link io.meetkit.internal.recording.RecordingWaiter} (waiting for an egress),
 * {@link io.meetkit.internal.recording.EgressSync} (ListEgress and the stale-recordings job) and
 * {@link io.meetkit.internal.recording.RecordingPurge} (meeting deletion). {@link Recordings} wires them.
 * Public for Java reasons; not API, may change in any release.
 */
@NullMarked
package io.meetkit.internal.recording;

import org.jspecify.annotations.NullMarked;
