package io.meetkit.livekit.internal;

import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.livekit.LiveRoom;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.LiveTrack;
import io.meetkit.meeting.MediaSource;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.recording.RecordingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import livekit.LivekitEgress;
import livekit.LivekitModels;
import org.jspecify.annotations.Nullable;

/**
 * LiveKit protobuf messages to MeetKit's records, shared by the gateway (RPC answers) and the webhook handler
 * (event bodies), so both read LiveKit the same way. Not API.
 */
public final class ProtoConverters {

    private ProtoConverters() {}

    /** A room. */
    public static LiveRoom room(LivekitModels.Room r) {
        Instant created = r.getCreationTimeMs() > 0
                ? Instant.ofEpochMilli(r.getCreationTimeMs())
                : Instant.ofEpochSecond(r.getCreationTime());
        return new LiveRoom(
                r.getSid(),
                r.getName(),
                r.getNumParticipants(),
                r.getMaxParticipants(),
                Duration.ofSeconds(r.getEmptyTimeout()),
                created,
                r.getMetadata());
    }

    /** A participant. */
    public static LiveParticipant participant(LivekitModels.ParticipantInfo p) {
        LivekitModels.ParticipantPermission perm = p.getPermission();
        List<LiveTrack> tracks = new ArrayList<>(p.getTracksCount());
        for (LivekitModels.TrackInfo t : p.getTracksList()) {
            tracks.add(track(t));
        }
        Instant joined = p.getJoinedAtMs() > 0
                ? Instant.ofEpochMilli(p.getJoinedAtMs())
                : Instant.ofEpochSecond(p.getJoinedAt());
        return new LiveParticipant(
                p.getSid(),
                p.getIdentity(),
                p.getName(),
                p.getState().name(),
                p.getMetadata(),
                p.getAttributesMap(),
                new ParticipantPermissions(
                        perm.getCanPublish(),
                        perm.getCanSubscribe(),
                        perm.getCanPublishData(),
                        perm.getCanUpdateMetadata(),
                        perm.getHidden(),
                        sources(perm.getCanPublishSourcesList())),
                joined,
                tracks);
    }

    /** MeetKit's media sources of LiveKit's track sources; sources MeetKit does not name are left out. */
    static Set<MediaSource> sources(List<LivekitModels.TrackSource> sources) {
        EnumSet<MediaSource> set = EnumSet.noneOf(MediaSource.class);
        for (LivekitModels.TrackSource s : sources) {
            switch (s) {
                case CAMERA -> set.add(MediaSource.CAMERA);
                case MICROPHONE -> set.add(MediaSource.MICROPHONE);
                case SCREEN_SHARE -> set.add(MediaSource.SCREEN_SHARE);
                case SCREEN_SHARE_AUDIO -> set.add(MediaSource.SCREEN_SHARE_AUDIO);
                default -> {}
            }
        }
        return set;
    }

    /** LiveKit's track sources of MeetKit's media sources. */
    static List<LivekitModels.TrackSource> sources(Set<MediaSource> sources) {
        List<LivekitModels.TrackSource> list = new ArrayList<>(sources.size());
        for (MediaSource s : sources) {
            list.add(
                    switch (s) {
                        case CAMERA -> LivekitModels.TrackSource.CAMERA;
                        case MICROPHONE -> LivekitModels.TrackSource.MICROPHONE;
                        case SCREEN_SHARE -> LivekitModels.TrackSource.SCREEN_SHARE;
                        case SCREEN_SHARE_AUDIO -> LivekitModels.TrackSource.SCREEN_SHARE_AUDIO;
                    });
        }
        return list;
    }

    /** A track. */
    public static LiveTrack track(LivekitModels.TrackInfo t) {
        return new LiveTrack(
                t.getSid(),
                t.getName(),
                enumName(t.getType().name()),
                enumName(t.getSource().name()),
                t.getMuted());
    }

    /**
     * An egress; LiveKit's nanosecond times become {@link Instant}s and {@link Duration}s. When
     * {@code file_results} is empty (seen on completion, node-sdks#625) the deprecated {@code file} field is read.
     */
    @SuppressWarnings("deprecation")
    public static EgressSnapshot egress(LivekitEgress.EgressInfo e) {
        List<EgressSnapshot.File> files = new ArrayList<>(e.getFileResultsCount() + 1);
        for (LivekitEgress.FileInfo f : e.getFileResultsList()) {
            files.add(file(f));
        }
        if (files.isEmpty() && e.hasFile()) {
            files.add(file(e.getFile()));
        }
        return new EgressSnapshot(
                e.getEgressId(),
                e.getRoomName(),
                status(e.getStatus()),
                nanos(e.getStartedAt()),
                nanos(e.getEndedAt()),
                nanos(e.getUpdatedAt()),
                e.getError().isEmpty() ? null : e.getError(),
                files);
    }

    private static EgressSnapshot.File file(LivekitEgress.FileInfo f) {
        return new EgressSnapshot.File(
                f.getFilename(),
                f.getLocation().isEmpty() ? null : f.getLocation(),
                f.getSize(),
                Duration.ofNanos(f.getDuration()));
    }

    /** LiveKit's egress status, one to one; an unknown status is FAILED. */
    public static RecordingStatus status(LivekitEgress.EgressStatus s) {
        return switch (s) {
            case EGRESS_STARTING -> RecordingStatus.STARTING;
            case EGRESS_ACTIVE -> RecordingStatus.ACTIVE;
            case EGRESS_ENDING -> RecordingStatus.ENDING;
            case EGRESS_COMPLETE -> RecordingStatus.COMPLETE;
            case EGRESS_ABORTED -> RecordingStatus.ABORTED;
            case EGRESS_LIMIT_REACHED -> RecordingStatus.LIMIT_REACHED;
            default -> RecordingStatus.FAILED;
        };
    }

    private static @Nullable Instant nanos(long ns) {
        return ns <= 0 ? null : Instant.ofEpochSecond(0, ns);
    }

    private static String enumName(String protoName) {
        return "UNRECOGNIZED".equals(protoName) ? "unknown" : protoName.toLowerCase(Locale.ROOT);
    }
}
