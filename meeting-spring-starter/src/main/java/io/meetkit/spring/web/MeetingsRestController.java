package io.meetkit.spring.web;

import static io.meetkit.spring.web.ApiModels.parseEnum;
import static io.meetkit.spring.web.ApiModels.throwIfAny;

import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.DeletionResult;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.LiveMeetingPolicy;
import io.meetkit.meeting.LiveParticipant;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.MeetingQuery;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.MeetingUpdate;
import io.meetkit.meeting.Page;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.RecordingsPolicy;
import io.meetkit.spring.web.ApiModels.BulkDeletionView;
import io.meetkit.spring.web.ApiModels.CreateMeetingRequest;
import io.meetkit.spring.web.ApiModels.DeletionView;
import io.meetkit.spring.web.ApiModels.EndView;
import io.meetkit.spring.web.ApiModels.MeetingView;
import io.meetkit.spring.web.ApiModels.PageView;
import io.meetkit.spring.web.ApiModels.PolicyView;
import io.meetkit.spring.web.ApiModels.UpdateMeetingRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/meetings}: meetings and the participants of a live meeting. Thread-safe. */
@RestController
@RequestMapping(path = "/api/meetings", produces = "application/json")
class MeetingsRestController {

    private final MeetingManager meetings;
    private final ApiAuthorities authorities;
    private final MeetingPermissions access;

    MeetingsRestController(MeetingManager meetings, ApiAuthorities authorities, MeetingPermissions access) {
        this.meetings = Objects.requireNonNull(meetings, "meetings");
        this.authorities = Objects.requireNonNull(authorities, "authorities");
        this.access = Objects.requireNonNull(access, "access");
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<MeetingView> create(@RequestBody CreateMeetingRequest body, Authentication auth) {
        List<Violation> violations = new ArrayList<>();
        if (body.title() == null) {
            violations.add(new Violation("title", "is required"));
        }
        CreateMeeting.Builder b = CreateMeeting.builder(body.title() == null ? "" : body.title(), auth.getName());
        if (body.settings() != null) {
            b.settings(body.settings().applyTo(MeetingSettings.defaults(), violations));
        }
        EndAction endAction = parseEnum(EndAction.class, "endAction", body.endAction(), violations);
        if (endAction != null) {
            b.endAction(endAction);
        }
        if (body.autoDeleteAt() != null) {
            DeletionPolicy policy =
                    policy(body.autoDeletePolicy(), DeletionPolicy.DEFAULT_AUTO_DELETE, "autoDeletePolicy", violations);
            b.autoDelete(body.autoDeleteAt(), policy);
        }
        if (body.attributes() != null) {
            b.attributes(body.attributes());
        }
        throwIfAny(violations);
        Meeting m = meetings.create(b.build());
        return ResponseEntity.created(URI.create("/api/meetings/" + m.id())).body(MeetingView.of(m, true));
    }

    @GetMapping
    PageView<MeetingView> list(
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String createdBy,
            @RequestParam(required = false) @Nullable String title,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor,
            Authentication auth) {
        List<Violation> violations = new ArrayList<>();
        MeetingQuery.Builder q = MeetingQuery.builder()
                .status(parseEnum(MeetingStatus.class, "status", status, violations))
                .createdBy(createdBy)
                .titleContains(title)
                .cursor(cursor);
        if (limit != null) {
            ApiModels.guard("limit", violations, () -> q.limit(limit));
        }
        throwIfAny(violations);
        Page<Meeting> page = meetings.list(q.build());
        boolean admin = authorities.isAdmin(auth);
        return new PageView<>(
                page.items().stream().map(m -> MeetingView.of(m, admin)).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    MeetingView get(@PathVariable UUID id, Authentication auth) {
        Meeting m = meetings.require(id);
        return MeetingView.of(m, access.allows(auth, m, Permission.ROOM_SHARE_ACCESS_LINKS));
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    MeetingView update(@PathVariable UUID id, @RequestBody UpdateMeetingRequest body) {
        if (body.version() == null) {
            throw new InvalidRequestException("version", "is required: send the one you read");
        }
        List<Violation> violations = new ArrayList<>();
        MeetingUpdate.Builder u = MeetingUpdate.builder(body.version());
        if (body.title() != null) {
            u.title(body.title());
        }
        if (body.settings() != null) {
            u.settings(body.settings().applyTo(meetings.require(id).settings(), violations));
        }
        EndAction endAction = parseEnum(EndAction.class, "endAction", body.endAction(), violations);
        if (endAction != null) {
            u.endAction(endAction);
        }
        if (Boolean.TRUE.equals(body.clearAutoDelete())) {
            if (body.autoDeleteAt() != null) {
                violations.add(new Violation("clearAutoDelete", "must not be combined with autoDeleteAt"));
            }
            u.noAutoDelete();
        } else if (body.autoDeleteAt() != null) {
            u.autoDelete(
                    body.autoDeleteAt(),
                    policy(
                            body.autoDeletePolicy(),
                            DeletionPolicy.DEFAULT_AUTO_DELETE,
                            "autoDeletePolicy",
                            violations));
        }
        if (body.attributes() != null) {
            u.attributes(body.attributes());
        }
        throwIfAny(violations);
        return MeetingView.of(meetings.update(id, u.build()), true);
    }

    @PostMapping("/{id}/close")
    MeetingView close(@PathVariable UUID id) {
        return MeetingView.of(meetings.close(id), true);
    }

    @PostMapping("/{id}/reopen")
    MeetingView reopen(@PathVariable UUID id) {
        return MeetingView.of(meetings.reopen(id), true);
    }

    @PostMapping("/{id}/end")
    EndView end(@PathVariable UUID id, Authentication auth) {
        access.require(auth, meetings.require(id), Permission.MEETING_END);
        return new EndView(meetings.end(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<DeletionView> delete(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String withMeeting,
            @RequestParam(required = false) @Nullable String withRecordings) {
        List<Violation> violations = new ArrayList<>();
        DeletionPolicy policy =
                policy(new PolicyView(withMeeting, withRecordings), DeletionPolicy.FAIL_IF_IN_USE, "", violations);
        throwIfAny(violations);
        DeletionResult result = meetings.delete(id, policy);
        return ResponseEntity.status(result.outcome().scheduled() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(DeletionView.of(result));
    }

    @DeleteMapping
    BulkDeletionView deleteAll(
            @RequestParam(required = false) @Nullable List<UUID> ids,
            @RequestParam(required = false) @Nullable String withMeeting,
            @RequestParam(required = false) @Nullable String withRecordings) {
        List<Violation> violations = new ArrayList<>();
        DeletionPolicy policy =
                policy(new PolicyView(withMeeting, withRecordings), DeletionPolicy.FAIL_IF_IN_USE, "", violations);
        if (ids == null || ids.isEmpty()) {
            violations.add(new Violation("ids", "must not be empty"));
        }
        throwIfAny(violations);
        return BulkDeletionView.of(meetings.deleteAll(Objects.requireNonNull(ids), policy));
    }

    @GetMapping("/{id}/participants")
    List<LiveParticipant> participants(@PathVariable UUID id) {
        return meetings.participants(id);
    }

    @GetMapping("/{id}/participants/{identity}")
    LiveParticipant participant(@PathVariable UUID id, @PathVariable String identity) {
        return meetings.participant(id, identity);
    }

    @DeleteMapping("/{id}/participants/{identity}")
    ResponseEntity<Void> kick(@PathVariable UUID id, @PathVariable String identity, Authentication auth) {
        access.require(auth, meetings.require(id), Permission.PARTICIPANT_KICK);
        meetings.kick(id, identity);
        return ResponseEntity.noContent().build();
    }

    private static DeletionPolicy policy(
            @Nullable PolicyView view, DeletionPolicy defaults, String prefix, List<Violation> violations) {
        if (view == null) {
            return defaults;
        }
        String p = prefix.isEmpty() ? "" : prefix + ".";
        LiveMeetingPolicy withMeeting =
                parseEnum(LiveMeetingPolicy.class, p + "withMeeting", view.withMeeting(), violations);
        RecordingsPolicy withRecordings =
                parseEnum(RecordingsPolicy.class, p + "withRecordings", view.withRecordings(), violations);
        return new DeletionPolicy(
                withMeeting == null ? defaults.withMeeting() : withMeeting,
                withRecordings == null ? defaults.withRecordings() : withRecordings);
    }
}
