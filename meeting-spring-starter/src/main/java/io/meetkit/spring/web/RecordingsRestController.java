package io.meetkit.spring.web;

import static io.meetkit.spring.web.ApiModels.parseEnum;
import static io.meetkit.spring.web.ApiModels.throwIfAny;

import io.meetkit.ConflictException;
import io.meetkit.ErrorCode;
import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.PermissionDeniedException;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.Page;
import io.meetkit.meeting.Permission;
import io.meetkit.recording.ByteRange;
import io.meetkit.recording.DownloadUrl;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingContent;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.RecordingEncoding;
import io.meetkit.recording.RecordingLayout;
import io.meetkit.recording.RecordingOptions;
import io.meetkit.recording.RecordingQuery;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.spring.web.ApiModels.PageView;
import io.meetkit.spring.web.ApiModels.RecordingView;
import io.meetkit.spring.web.ApiModels.StartRecordingBody;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Recordings: start and stop (admin), list and get (user), delete (admin), a presigned download (302) and a
 * range-capable media stream (206 with {@code Content-Range}). Thread-safe.
 */
@RestController
class RecordingsRestController {

    private final RecordingController recordings;
    private final Duration downloadTtl;
    private final MeetingManager meetings;
    private final MeetingPermissions access;

    RecordingsRestController(
            RecordingController recordings, Duration downloadTtl, MeetingManager meetings, MeetingPermissions access) {
        this.recordings = Objects.requireNonNull(recordings, "recordings");
        this.downloadTtl = Objects.requireNonNull(downloadTtl, "downloadTtl");
        this.meetings = Objects.requireNonNull(meetings, "meetings");
        this.access = Objects.requireNonNull(access, "access");
    }

    /**
     * Refuses a user whose role in the recording's meeting lacks the permission; a recording whose meeting is gone
     * has no role to decide by, so only admins reach it.
     */
    private Recording requireOn(UUID rid, Authentication auth, Permission permission) {
        Recording r = recordings.require(rid);
        if (!access.isAdmin(auth)) {
            Meeting m = meetings.get(r.meetingId())
                    .orElseThrow(() -> new PermissionDeniedException(
                            PermissionDeniedException.PERMISSION_DENIED,
                            "the meeting of recording " + rid + " no longer exists: admins only"));
            access.require(auth, m, permission);
        }
        return r;
    }

    @PostMapping(path = "/api/meetings/{id}/recordings", produces = "application/json")
    ResponseEntity<RecordingView> start(
            @PathVariable UUID id,
            @RequestBody(required = false) @Nullable StartRecordingBody body,
            Authentication auth) {
        access.require(auth, meetings.require(id), Permission.RECORDING_CONTROL);
        List<Violation> violations = new ArrayList<>();
        RecordingOptions.Builder options = RecordingOptions.builder();
        if (body != null) {
            RecordingLayout layout = parseEnum(RecordingLayout.class, "layout", body.layout(), violations);
            if (layout != null) {
                options.layout(layout);
            }
            if (body.audioOnly() != null) {
                options.audioOnly(body.audioOnly());
            }
            RecordingEncoding encoding = parseEnum(RecordingEncoding.class, "encoding", body.encoding(), violations);
            if (encoding != null) {
                options.encoding(encoding);
            }
        }
        throwIfAny(violations);
        Recording r = recordings.start(id, options.build(), auth.getName());
        return ResponseEntity.created(URI.create("/api/recordings/" + r.id())).body(RecordingView.of(r));
    }

    @GetMapping(path = "/api/meetings/{id}/recordings", produces = "application/json")
    PageView<RecordingView> listOfMeeting(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor,
            Authentication auth) {
        return list(id, status, limit, cursor, auth);
    }

    @GetMapping(path = "/api/recordings", produces = "application/json")
    PageView<RecordingView> list(
            @RequestParam(required = false) @Nullable UUID meetingId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor,
            Authentication auth) {
        boolean admin = access.isAdmin(auth);
        if (!admin && meetingId != null) {
            Optional<Meeting> meeting = meetings.get(meetingId);
            if (meeting.isPresent()) {
                access.require(auth, meeting.get(), Permission.RECORDING_LIST);
            }
        }
        List<Violation> violations = new ArrayList<>();
        RecordingQuery.Builder q = RecordingQuery.builder()
                .meetingId(meetingId)
                .status(parseEnum(RecordingStatus.class, "status", status, violations))
                .cursor(cursor);
        if (limit != null) {
            ApiModels.guard("limit", violations, () -> q.limit(limit));
        }
        throwIfAny(violations);
        Page<Recording> page = recordings.list(q.build());
        List<Recording> items = page.items();
        if (!admin && meetingId == null) {
            // across meetings, a user sees the recordings of the meetings where its role has recordingList; the
            // page may hold fewer items than the limit, its cursor still goes on from the last one looked at
            Map<UUID, Boolean> listable = new HashMap<>();
            items = items.stream()
                    .filter(r -> listable.computeIfAbsent(
                            r.meetingId(),
                            mid -> meetings.get(mid)
                                    .map(m -> access.allows(auth, m, Permission.RECORDING_LIST))
                                    .orElse(false)))
                    .toList();
        }
        return new PageView<>(items.stream().map(RecordingView::of).toList(), page.nextCursor());
    }

    @GetMapping(path = "/api/recordings/{rid}", produces = "application/json")
    RecordingView get(@PathVariable UUID rid, Authentication auth) {
        return RecordingView.of(requireOn(rid, auth, Permission.RECORDING_PLAY));
    }

    @PostMapping(path = "/api/recordings/{rid}/stop", produces = "application/json")
    RecordingView stop(@PathVariable UUID rid, Authentication auth) {
        requireOn(rid, auth, Permission.RECORDING_CONTROL);
        return RecordingView.of(recordings.stop(rid));
    }

    @DeleteMapping("/api/recordings/{rid}")
    ResponseEntity<Void> delete(@PathVariable UUID rid, Authentication auth) {
        requireOn(rid, auth, Permission.RECORDING_DELETE);
        recordings.delete(rid);
        return ResponseEntity.noContent().build();
    }

    /** A short-lived presigned URL of the file, as a redirect. */
    @GetMapping("/api/recordings/{rid}/download")
    ResponseEntity<Void> download(@PathVariable UUID rid, Authentication auth) {
        requireOn(rid, auth, Permission.RECORDING_DOWNLOAD);
        DownloadUrl url = whenComplete(rid, () -> recordings.downloadUrl(rid, downloadTtl));
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(url.url())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /** The file itself, whole (200) or one byte range (206), streamed from the storage. */
    @GetMapping("/api/recordings/{rid}/media")
    void media(
            @PathVariable UUID rid,
            @RequestHeader(name = HttpHeaders.RANGE, required = false) @Nullable String range,
            HttpServletResponse response,
            Authentication auth)
            throws IOException {
        requireOn(rid, auth, Permission.RECORDING_PLAY);
        ByteRange byteRange = range == null ? null : ByteRange.parseHttp(range);
        RecordingContent content;
        try {
            content = whenComplete(rid, () -> recordings.open(rid, byteRange));
        } catch (InvalidRequestException e) {
            if (byteRange != null
                    && e.violations().stream().anyMatch(v -> v.field().equals("range"))) {
                response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
                Problems.write(
                        response,
                        HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                        ErrorCode.RANGE_NOT_SATISFIABLE.code(),
                        String.valueOf(e.getMessage()),
                        "/api/recordings/" + rid + "/media");
                return;
            }
            throw e;
        }
        try (content;
                InputStream in = content.stream()) {
            response.setStatus(content.partial() ? HttpStatus.PARTIAL_CONTENT.value() : HttpStatus.OK.value());
            response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
            response.setContentType(content.contentType());
            response.setContentLengthLong(content.length());
            if (content.partial()) {
                response.setHeader(HttpHeaders.CONTENT_RANGE, content.contentRange());
            }
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
            out.flush();
        }
    }

    /**
     * Runs a call that needs a COMPLETE recording; when it is refused because the recording is still ENDING, says
     * that waiting fixes it ({@link RecordingStillEnding}: 409, retryable, {@code Retry-After}).
     */
    private <T> T whenComplete(UUID rid, Supplier<T> call) {
        try {
            return call.get();
        } catch (ConflictException e) {
            if (ConflictException.RECORDING_STATE.equals(e.code())
                    && recordings.require(rid).status() == RecordingStatus.ENDING) {
                throw new RecordingStillEnding(e);
            }
            throw e;
        }
    }
}
