package io.meetkit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.meetkit.testkit.internal.TwirpHttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;

/**
 * The fake's control API beside LiveKit's routes, for clients that are not on the JVM: {@code POST /fake/<op>} with a
 * JSON body (snake_case), answered in JSON (LiveKit objects as LiveKit's Twirp JSON) or, when refused, with a
 * plain-text status. Operations: {@code join} (a token exactly as a client would connect), {@code leave},
 * {@code publish}, {@code unpublish}, {@code finish-room}, {@code finish-egress}, {@code reset}. No authentication:
 * the fake listens on 127.0.0.1 only. Thread-safe (stateless apart from the server).
 */
final class ControlApi implements HttpHandler {

    /** The path prefix of the control API. */
    static final String PREFIX = "/fake/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeLiveKitServer server;

    ControlApi(FakeLiveKitServer server) {
        this.server = server;
    }

    /** A refusal: status and plain-text message. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                if (!"POST".equals(ex.getRequestMethod())) {
                    throw new Refused(405, "only POST is allowed on " + PREFIX + "*");
                }
                byte[] body = ex.getRequestBody().readNBytes(1024 * 1024);
                JsonNode req = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                if (req == null || !req.isObject()) {
                    throw new Refused(400, "the body must be a JSON object");
                }
                String op = ex.getRequestURI().getPath().substring(PREFIX.length());
                write(ex, 200, dispatch(op, req));
            } catch (Refused e) {
                writePlain(ex, e.status, e.getMessage());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                writePlain(ex, 400, "the body is not JSON: " + e.getOriginalMessage());
            } catch (IllegalArgumentException e) {
                writePlain(ex, 400, String.valueOf(e.getMessage()));
            }
        }
    }

    private byte[] dispatch(String op, JsonNode req) throws Refused, IOException {
        switch (op) {
            case "join":
                try {
                    return TwirpHttpHandler.toJson(server.join(text(req, "token"), tracks(req.path("tracks"))));
                } catch (JoinRefusedException e) {
                    throw new Refused(e.status(), e.getMessage());
                }
            case "leave": {
                String room = text(req, "room");
                String identity = text(req, "identity");
                if (!server.leaveParticipant(room, identity)) {
                    throw new Refused(404, "participant " + identity + " is not in room " + room);
                }
                return ok();
            }
            case "publish": {
                String room = text(req, "room");
                String identity = text(req, "identity");
                Optional<TrackInfo> t = server.publishTrack(room, identity, track(req));
                return TwirpHttpHandler.toJson(
                        t.orElseThrow(() -> new Refused(404, "participant " + identity + " is not in room " + room)));
            }
            case "unpublish": {
                String room = text(req, "room");
                String identity = text(req, "identity");
                String sid = text(req, "track_sid");
                Optional<TrackInfo> t = server.unpublishTrack(room, identity, sid);
                return TwirpHttpHandler.toJson(t.orElseThrow(() ->
                        new Refused(404, "track " + sid + " of participant " + identity + " is not in room " + room)));
            }
            case "finish-room": {
                String room = text(req, "room");
                if (!server.finishRoom(room)) {
                    throw new Refused(404, "requested room does not exist: " + room);
                }
                return ok();
            }
            case "finish-egress":
                return finishEgress(req);
            case "reset":
                server.reset();
                return ok();
            default:
                throw new Refused(
                        404,
                        "no control operation " + PREFIX + op + " (join, leave, publish, unpublish, "
                                + "finish-room, finish-egress, reset)");
        }
    }

    private byte[] finishEgress(JsonNode req) throws Refused, IOException {
        String id = text(req, "egress_id");
        if (server.egress(id).isEmpty()) {
            throw new Refused(404, "egress does not exist: " + id);
        }
        String outcome = req.path("outcome").asText("complete").toLowerCase(Locale.ROOT);
        boolean changed;
        switch (outcome) {
            case "complete":
                changed = server.completeEgress(id);
                break;
            case "failed":
                changed = server.failEgress(
                        id, req.path("error").asText("egress failed (simulated by FakeLiveKitServer)"));
                break;
            case "limit_reached":
                server.activateEgress(id);
                changed = server.reachEgressLimit(id);
                break;
            default:
                throw new Refused(400, "outcome must be complete, failed or limit_reached: " + outcome);
        }
        EgressInfo info = server.egress(id).orElseThrow();
        if (!changed) {
            throw new Refused(409, "egress " + id + " has already ended: " + info.getStatus());
        }
        return TwirpHttpHandler.toJson(info);
    }

    private static byte[] ok() throws IOException {
        ObjectNode n = JSON.createObjectNode().put("ok", true);
        return JSON.writeValueAsBytes(n);
    }

    private static String text(JsonNode req, String field) throws Refused {
        JsonNode v = req.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new Refused(400, "missing \"" + field + "\" (a non-empty string)");
        }
        return v.asText();
    }

    private static FakeTrack[] tracks(JsonNode tracks) throws Refused {
        List<FakeTrack> out = new ArrayList<>();
        if (tracks.isArray()) {
            for (JsonNode t : tracks) {
                out.add(track(t));
            }
        } else if (!tracks.isMissingNode() && !tracks.isNull()) {
            throw new Refused(400, "\"tracks\" must be an array");
        }
        return out.toArray(new FakeTrack[0]);
    }

    private static FakeTrack track(JsonNode t) throws Refused {
        String type = t.path("type").asText("AUDIO").toUpperCase(Locale.ROOT);
        String source = t.path("source").asText(type.equals("VIDEO") ? "CAMERA" : "MICROPHONE");
        try {
            return new FakeTrack(
                    TrackType.valueOf(type),
                    TrackSource.valueOf(source.toUpperCase(Locale.ROOT)),
                    t.path("name").asText(type.toLowerCase(Locale.ROOT)),
                    t.path("muted").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new Refused(
                    400,
                    "bad track " + t + ": type AUDIO|VIDEO|DATA, source CAMERA|MICROPHONE|"
                            + "SCREEN_SHARE|SCREEN_SHARE_AUDIO");
        }
    }

    private static void write(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void writePlain(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
