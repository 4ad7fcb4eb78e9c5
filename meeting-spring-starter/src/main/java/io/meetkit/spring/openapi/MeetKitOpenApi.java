package io.meetkit.spring.openapi;

import io.meetkit.ErrorCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Describes MeetKit's endpoints in a springdoc-generated OpenAPI document: one tag per area, a summary and
 * description per operation, the statuses the endpoints really answer (201 with {@code Location}, 202, 204, 206,
 * 302) instead of springdoc's default 200, and the RFC 9457 problems they answer on failure (schema
 * {@value #PROBLEM}). The LiveKit webhook authenticates by its signature, so it carries no security requirement.
 * Operations that are not MeetKit's are left alone. Stateless and thread-safe.
 */
public final class MeetKitOpenApi implements OpenApiCustomizer {

    /** The schema name of MeetKit's problem responses. */
    public static final String PROBLEM = "MeetKitProblem";

    static final String MEETINGS = "MeetKit meetings";
    static final String PARTICIPANTS = "MeetKit participants";
    static final String TOKENS = "MeetKit participant tokens";
    static final String RECORDINGS = "MeetKit recordings";
    static final String WEBHOOK = "MeetKit LiveKit webhook";

    private static final String PROBLEM_JSON = "application/problem+json";

    private final String webhookPath;

    /**
     * Creates the customizer.
     *
     * @param webhookPath the LiveKit webhook path ({@code meetkit.webhook.path})
     */
    public MeetKitOpenApi(String webhookPath) {
        this.webhookPath = Objects.requireNonNull(webhookPath, "webhookPath");
    }

    /** What one operation is and answers. */
    private record Doc(String tag, String summary, String description, List<Ok> ok, List<Integer> errors) {}

    /** A success answer: status, description, whether it keeps springdoc's body, and a Location header. */
    private record Ok(int status, String description, boolean body, boolean location) {
        static Ok json(int status, String description) {
            return new Ok(status, description, true, false);
        }
    }

    private static final List<Integer> READ = List.of(400, 401, 403, 404, 503);
    private static final List<Integer> CHANGE = List.of(400, 401, 403, 404, 409, 503);

    private Map<String, Doc> docs() {
        Map<String, Doc> d = new LinkedHashMap<>();
        d.put(
                "POST /api/meetings",
                new Doc(
                        MEETINGS,
                        "Create a meeting",
                        "Admin. Validates and stores the meeting; the LiveKit room is created when the first"
                                + " participant gets a token. The answer carries the role secrets.",
                        List.of(new Ok(201, "Created; Location names the new meeting", true, true)),
                        List.of(400, 401, 403, 503)));
        d.put(
                "GET /api/meetings",
                new Doc(
                        MEETINGS,
                        "List meetings",
                        "User. Keyset pages ({items, nextCursor}) filtered by status, creator and title; pass"
                                + " nextCursor as cursor for the next page. Role secrets only for admins.",
                        List.of(Ok.json(200, "A page of meetings")),
                        List.of(400, 401, 403, 503)));
        d.put(
                "DELETE /api/meetings",
                new Doc(
                        MEETINGS,
                        "Delete several meetings",
                        "Admin. Applies the same live-meeting and recordings policies to each id and says what"
                                + " happened to each.",
                        List.of(Ok.json(200, "What happened to each meeting")),
                        CHANGE));
        d.put(
                "GET /api/meetings/{id}",
                new Doc(
                        MEETINGS,
                        "Get a meeting",
                        "User. Role secrets only for admins.",
                        List.of(Ok.json(200, "The meeting")),
                        READ));
        d.put(
                "PATCH /api/meetings/{id}",
                new Doc(
                        MEETINGS,
                        "Change a meeting",
                        "Admin. The body carries the version it was read at; a newer stored version answers 409"
                                + " stale_version.",
                        List.of(Ok.json(200, "The changed meeting")),
                        CHANGE));
        d.put(
                "DELETE /api/meetings/{id}",
                new Doc(
                        MEETINGS,
                        "Delete a meeting",
                        "Admin. withMeeting (FORCE, WHEN_MEETING_ENDS, FAIL) says what to do with a live meeting,"
                                + " withRecordings (FORCE, CLOSE, FAIL) with its recordings.",
                        List.of(
                                Ok.json(200, "Deleted, or closed instead"),
                                Ok.json(202, "Scheduled: deleted when the live meeting ends")),
                        CHANGE));
        d.put("POST /api/meetings/{id}/close", change(MEETINGS, "Close a meeting", "Admin. No more tokens."));
        d.put("POST /api/meetings/{id}/reopen", change(MEETINGS, "Reopen a closed meeting", "Admin."));
        d.put(
                "POST /api/meetings/{id}/end",
                change(MEETINGS, "End the live meeting", "Admin. Removes the LiveKit room and everyone in it."));
        d.put(
                "GET /api/meetings/{id}/participants",
                new Doc(
                        PARTICIPANTS,
                        "List the participants in the live room",
                        "Admin. Asks LiveKit.",
                        List.of(Ok.json(200, "The participants")),
                        READ));
        d.put(
                "GET /api/meetings/{id}/participants/{identity}",
                new Doc(
                        PARTICIPANTS,
                        "Get a participant",
                        "Admin. Asks LiveKit.",
                        List.of(Ok.json(200, "The participant")),
                        READ));
        d.put(
                "DELETE /api/meetings/{id}/participants/{identity}",
                new Doc(
                        PARTICIPANTS,
                        "Remove a participant from the live room",
                        "Admin. The participant's name is freed.",
                        List.of(new Ok(204, "Removed", false, false)),
                        CHANGE));
        d.put(
                "PUT /api/meetings/{id}/participants/{identity}/role",
                new Doc(
                        PARTICIPANTS,
                        "Change a participant's role",
                        "Admin. Updates the participant's grants and metadata in LiveKit.",
                        List.of(Ok.json(200, "The participant with its new role")),
                        CHANGE));
        d.put(
                "POST /api/meetings/{id}/participants/{identity}/tracks/{trackSid}/mute",
                new Doc(
                        PARTICIPANTS,
                        "Mute a participant's track",
                        "Admin. Body {muted} (default true); unmuting needs LiveKit's room.enable_remote_unmute"
                                + " (409 otherwise). Answers the track as LiveKit changed it; 404 for a track the"
                                + " participant does not publish.",
                        List.of(Ok.json(200, "The track")),
                        CHANGE));
        d.put(
                "POST /api/meetings/{id}/mute-all",
                new Doc(
                        PARTICIPANTS,
                        "Mute everyone but the moderators",
                        "Admin. Mutes every published audio track of the participants who are not moderators.",
                        List.of(Ok.json(200, "The tracks muted")),
                        CHANGE));
        d.put(
                "POST /api/meetings/{id}/rotate-secrets",
                change(
                        MEETINGS,
                        "New role secrets",
                        "Admin. New moderator and speaker secrets: links with the old ones stop working."));
        d.put(
                "GET /api/meetings/{id}/role-permissions",
                new Doc(
                        MEETINGS,
                        "Get a meeting's role permissions",
                        "Admin. Each role with OpenVidu Meet's permission keys: the meeting's own (overridden) or"
                                + " the role policy's, and what applies once the meeting's settings switch things"
                                + " off; with the meeting's version.",
                        List.of(Ok.json(200, "The roles and the meeting's version")),
                        READ));
        d.put(
                "PATCH /api/meetings/{id}/role-permissions/{role}",
                new Doc(
                        MEETINGS,
                        "Change a role's permissions in a meeting",
                        "Admin. Body {version, permissions: {key: true|false}} (absent keys keep their value) or"
                                + " {version, reset: true}; a newer stored version answers 409 stale_version. New"
                                + " tokens carry the new permissions.",
                        List.of(Ok.json(200, "The roles and the meeting's new version")),
                        CHANGE));
        d.put(
                "POST /api/meetings/{id}/token",
                new Doc(
                        TOKENS,
                        "Get a participant token",
                        "User. A LiveKit access token for this meeting's room, with the url to connect to: the"
                                + " role from one of the meeting's secrets, or from the user's authorities. Without"
                                + " displayName the user's name claim is used; display names are unique per meeting.",
                        List.of(Ok.json(200, "The token, its LiveKit url, identity, display name, role and expiry")),
                        CHANGE));
        d.put(
                "POST /api/meetings/{id}/token/refresh",
                new Doc(
                        TOKENS,
                        "Refresh a participant token",
                        "User. Same identity, role from MeetKit's own record; the participant must still be in"
                                + " the room and send its own token (at most 10 minutes expired), admins too.",
                        List.of(Ok.json(200, "The new token")),
                        CHANGE));
        d.put(
                "POST /api/meetings/{id}/recordings",
                new Doc(
                        RECORDINGS,
                        "Start recording",
                        "Admin. Answers once the egress is ACTIVE; the meeting must be live and allow recording.",
                        List.of(new Ok(201, "Started; Location names the recording", true, true)),
                        CHANGE));
        d.put(
                "GET /api/meetings/{id}/recordings",
                new Doc(
                        RECORDINGS,
                        "List a meeting's recordings",
                        "User. Keyset pages, filtered by status.",
                        List.of(Ok.json(200, "A page of recordings")),
                        READ));
        d.put(
                "GET /api/recordings",
                new Doc(
                        RECORDINGS,
                        "List recordings",
                        "User. Keyset pages, filtered by meeting and status.",
                        List.of(Ok.json(200, "A page of recordings")),
                        List.of(400, 401, 403, 503)));
        d.put(
                "GET /api/recordings/{rid}",
                new Doc(
                        RECORDINGS,
                        "Get a recording",
                        "User. STARTING, ACTIVE, ENDING, then COMPLETE (or FAILED, ABORTED, LIMIT_REACHED).",
                        List.of(Ok.json(200, "The recording")),
                        READ));
        d.put(
                "POST /api/recordings/{rid}/stop",
                new Doc(
                        RECORDINGS,
                        "Stop recording",
                        "Admin. Answers ENDING; the recording is COMPLETE once the egress has uploaded the file.",
                        List.of(Ok.json(200, "The recording, ENDING")),
                        CHANGE));
        d.put(
                "DELETE /api/recordings/{rid}",
                new Doc(
                        RECORDINGS,
                        "Delete a recording and its file",
                        "Admin. Only finished recordings.",
                        List.of(new Ok(204, "Deleted", false, false)),
                        CHANGE));
        d.put(
                "GET /api/recordings/{rid}/download",
                new Doc(
                        RECORDINGS,
                        "Download a recording",
                        "User. A redirect to a short-lived presigned URL of the file. Only COMPLETE recordings:"
                                + " while ENDING the answer is 409 with retryable true and Retry-After.",
                        List.of(new Ok(302, "Location is the presigned URL", false, true)),
                        CHANGE));
        d.put(
                "GET /api/recordings/{rid}/media",
                new Doc(
                        RECORDINGS,
                        "Stream a recording",
                        "User. The MP4 itself through the application; Range: bytes=a-b answers 206. Only"
                                + " COMPLETE recordings: while ENDING the answer is 409 with retryable true and"
                                + " Retry-After.",
                        List.of(new Ok(200, "The whole file", false, false), new Ok(206, "A byte range", false, false)),
                        List.of(400, 401, 403, 404, 409, 416, 503)));
        d.put(
                "POST " + webhookPath,
                new Doc(
                        WEBHOOK,
                        "Receive a LiveKit webhook",
                        "Called by LiveKit, not by users: the raw body with Authorization set to LiveKit's signed"
                                + " JWT (no Bearer). Configure it in LiveKit's webhook.urls.",
                        List.of(Ok.json(200, "Processed, or a duplicate")),
                        List.of(400, 401, 413)));
        return d;
    }

    private static Doc change(String tag, String summary, String description) {
        return new Doc(tag, summary, description, List.of(Ok.json(200, "The meeting")), CHANGE);
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        boolean any = false;
        for (Map.Entry<String, Doc> e : docs().entrySet()) {
            String key = e.getKey();
            String method = key.substring(0, key.indexOf(' '));
            PathItem item = api.getPaths().get(key.substring(key.indexOf(' ') + 1));
            Operation op = item == null ? null : operation(item, method);
            if (op == null) {
                continue;
            }
            any = true;
            describe(op, e.getValue());
            if (e.getValue().tag().equals(WEBHOOK)) {
                op.setSecurity(List.of());
            }
        }
        if (!any) {
            return;
        }
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        for (String[] tag : new String[][] {
            {MEETINGS, "Meetings on LiveKit rooms: create, list, change, close, end, delete"},
            {PARTICIPANTS, "The people in a meeting's live LiveKit room"},
            {TOKENS, "LiveKit access tokens to join a meeting"},
            {RECORDINGS, "Recordings to S3 by LiveKit's egress"},
            {WEBHOOK, "LiveKit's signed webhooks, which keep MeetKit's state true"}
        }) {
            if (api.getTags() == null || api.getTags().stream().noneMatch(t -> tag[0].equals(t.getName()))) {
                api.addTagsItem(new Tag().name(tag[0]).description(tag[1]));
            }
        }
    }

    private static @Nullable Operation operation(PathItem item, String method) {
        return switch (method) {
            case "GET" -> item.getGet();
            case "POST" -> item.getPost();
            case "PUT" -> item.getPut();
            case "PATCH" -> item.getPatch();
            case "DELETE" -> item.getDelete();
            default -> null;
        };
    }

    private static void describe(Operation op, Doc doc) {
        op.setTags(new ArrayList<>(List.of(doc.tag())));
        op.setSummary(doc.summary());
        op.setDescription(doc.description());
        ApiResponses old = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        Content body = null;
        for (String status : List.of("200", "201", "default")) {
            ApiResponse r = old.get(status);
            if (r != null && r.getContent() != null && !r.getContent().isEmpty()) {
                body = r.getContent();
                break;
            }
        }
        ApiResponses responses = new ApiResponses();
        for (Ok ok : doc.ok()) {
            ApiResponse r = new ApiResponse().description(ok.description());
            if (ok.body() && body != null) {
                r.setContent(body);
            }
            if (ok.status() == 200 && doc.tag().equals(RECORDINGS) && !ok.body()) {
                r.setContent(binary());
            }
            if (ok.status() == 206) {
                r.setContent(binary());
                r.addHeaderObject("Content-Range", header("bytes a-b/size"));
            }
            if (ok.location()) {
                r.addHeaderObject("Location", header("the URL of the result"));
            }
            responses.addApiResponse(Integer.toString(ok.status()), r);
        }
        for (int status : doc.errors()) {
            responses.addApiResponse(Integer.toString(status), problem(status));
        }
        op.setResponses(responses);
    }

    private static Content binary() {
        return new Content().addMediaType("video/mp4", new MediaType().schema(new StringSchema().format("binary")));
    }

    private static Header header(String description) {
        return new Header().description(description).schema(new StringSchema());
    }

    private static ApiResponse problem(int status) {
        String description = switch (status) {
            case 400 -> "Bad input: code invalid_request with violations (field, message), or malformed_body";
            case 401 -> "Not authenticated (code unauthenticated); for the webhook: a bad signature";
            case 403 -> "Authenticated without the needed role (code forbidden)";
            case 404 -> "Not found (meeting_not_found, recording_not_found, participant_not_found)";
            case 409 ->
                "The state refuses the call (stale_version, meeting_closed, recording_in_progress,"
                        + " recording_state, name_unavailable…); retryable with Retry-After when waiting"
                        + " fixes it";
            case 413 -> "The webhook body is larger than meetkit.webhook.max-body-size";
            case 416 -> "The range starts at or past the end of the file";
            case 503 -> "LiveKit or the store is unavailable (retryable, with Retry-After)";
            default -> "Failure";
        };
        Schema<?> ref = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
        ApiResponse r = new ApiResponse()
                .description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ref)));
        if (status == 503 || status == 409) {
            r.addHeaderObject("Retry-After", header("seconds to wait before retrying, when retryable"));
        }
        return r;
    }

    private static Schema<?> problemSchema() {
        ObjectSchema violation = new ObjectSchema();
        violation.addProperty("field", new StringSchema().description("the input that is wrong, for example title"));
        violation.addProperty("message", new StringSchema().description("what is wrong with it"));
        ObjectSchema s = new ObjectSchema();
        s.description("An RFC 9457 problem with MeetKit's stable code");
        s.addProperty("type", new StringSchema().example("urn:meetkit:problem:meeting_not_found"));
        s.addProperty("title", new StringSchema().example("Not Found"));
        s.addProperty("status", new IntegerSchema().example(404));
        s.addProperty("detail", new StringSchema().description("one sentence for people"));
        s.addProperty("instance", new StringSchema().example("/api/meetings/0f8c…"));
        s.addProperty(
                "code",
                new StringSchema()
                        .description("stable, for programs: the part of type after urn:meetkit:problem:")
                        .example(ErrorCode.MEETING_NOT_FOUND.code()));
        s.addProperty("retryable", new BooleanSchema().description("whether the same request may succeed later"));
        s.addProperty(
                "violations", new ArraySchema().items(violation).description("with invalid_request: every bad field"));
        s.addProperty(
                "twirpCode", new StringSchema().description("LiveKit's Twirp code, when LiveKit refused the call"));
        s.setRequired(List.of("type", "title", "status", "code"));
        return s;
    }

    @Override
    public String toString() {
        return "MeetKitOpenApi{webhookPath=" + webhookPath + "}";
    }
}
