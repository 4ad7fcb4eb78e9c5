package io.meetkit.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.meetkit.testkit.Fault;
import io.meetkit.testkit.RecordedRequest;
import io.meetkit.testkit.TwirpCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Serves Twirp like LiveKit's server: {@code POST /twirp/<service>/<method>}, bodies in
 * {@code application/protobuf} or {@code application/json} (protojson, unknown fields ignored) answered in the same
 * content type, {@code Authorization: Bearer <JWT>} checked before the RPC runs, and errors as Twirp JSON
 * {@code {"code","msg"}} with Twirp's HTTP statuses. Armed {@link Fault}s act first.
 *
 * <p>Order of checks, as in LiveKit (auth middleware, then Twirp): log → fault → HTTP method → route →
 * content type → token (a bad or badly prefixed token is a plain-text 401) → body (malformed → 400) → the RPC,
 * which checks its grant (missing grant → Twirp {@code unauthenticated}, 401).
 *
 * <p>Thread-safe.
 */
public final class TwirpHttpHandler implements HttpHandler {

    /** One RPC. */
    @FunctionalInterface
    public interface Rpc {
        /**
         * Runs the RPC.
         *
         * @param request the decoded request
         * @param grants  the caller's grants
         * @return the response message
         * @throws TwirpException for Twirp errors
         */
        Message handle(Message request, Grants grants);
    }

    /**
     * A route: the request prototype (for decoding) and the RPC.
     *
     * @param prototype the default instance of the request type
     * @param rpc       the RPC
     */
    public record Route(Message prototype, Rpc rpc) {}

    private static final System.Logger LOG = System.getLogger(TwirpHttpHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    /**
     * LiveKit's Twirp server marshals JSON with protojson {@code UseProtoNames} and {@code EmitUnpopulated}
     * (twirp's generated {@code *_twirp.pb.go} servers without {@code WithServerJSONSkipDefaults}): snake_case names,
     * every field present, unset message fields as {@code null}.
     */
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .omittingInsignificantWhitespace()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();

    private static final String PREFIX = "/twirp/";
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final Map<String, Route> routes;
    private final String apiKey;
    private final String apiSecret;
    private final Clock clock;
    private final Duration clockSkew;
    private final FaultQueue faults;
    private final List<RecordedRequest> log = new ArrayList<>();

    /**
     * Creates the handler.
     *
     * @param routes    routes keyed by {@code <service>/<method>}, e.g. {@code livekit.RoomService/CreateRoom}
     * @param apiKey    the API key tokens must be issued by
     * @param apiSecret the secret tokens must be signed with
     * @param clock     the clock for token validity
     * @param clockSkew    the clock skew allowed on token times
     * @param faults    the armed faults
     */
    public TwirpHttpHandler(
            Map<String, Route> routes,
            String apiKey,
            String apiSecret,
            Clock clock,
            Duration clockSkew,
            FaultQueue faults) {
        this.routes = Map.copyOf(routes);
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.apiSecret = Objects.requireNonNull(apiSecret, "apiSecret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /** @return the requests received so far, oldest first */
    public List<RecordedRequest> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Forgets the request log. */
    public void clearRequests() {
        synchronized (log) {
            log.clear();
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            serve(ex);
        } catch (IOException e) {
            // the client went away (e.g. after its timeout fired during a delay fault)
            LOG.log(System.Logger.Level.DEBUG, "response not written: " + e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fake LiveKit request failed", e);
            try {
                writeTwirpError(ex, new TwirpException(TwirpCode.INTERNAL, String.valueOf(e.getMessage())));
            } catch (IOException | RuntimeException ignored) {
                // nothing more to do
            }
        } finally {
            ex.close();
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        byte[] body;
        try {
            body = readBody(ex.getRequestBody());
        } catch (TwirpException e) {
            writeTwirpError(ex, e);
            return;
        }
        String path = ex.getRequestURI().getPath();
        String service = "";
        String method = "";
        if (path.startsWith(PREFIX)) {
            String rest = path.substring(PREFIX.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && slash < rest.length() - 1 && rest.indexOf('/', slash + 1) < 0) {
                service = rest.substring(0, slash);
                method = rest.substring(slash + 1);
            }
        }
        String contentType = headerOrEmpty(ex, "Content-Type");
        synchronized (log) {
            String query = ex.getRequestURI().getRawQuery();
            log.add(new RecordedRequest(
                    ex.getRequestMethod(),
                    path,
                    service,
                    method,
                    contentType,
                    clock.instant(),
                    query == null ? "" : query));
        }

        Fault fault = faults.take(method);
        if (fault != null && applyFault(ex, fault)) {
            return;
        }

        try {
            if (!"POST".equals(ex.getRequestMethod())) {
                throw badRoute(
                        "unsupported method " + quote(ex.getRequestMethod()) + " (only POST is allowed)",
                        ex.getRequestMethod(),
                        path);
            }
            Route route = routes.get(service + "/" + method);
            if (service.isEmpty() || route == null) {
                throw badRoute("no handler for path " + quote(path), ex.getRequestMethod(), path);
            }
            boolean json;
            String baseType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if ("application/json".equals(baseType)) {
                json = true;
            } else if ("application/protobuf".equals(baseType)) {
                json = false;
            } else {
                throw badRoute("unexpected Content-Type: " + quote(contentType), ex.getRequestMethod(), path);
            }

            Grants grants;
            String authHeader = ex.getRequestHeaders().getFirst("Authorization");
            String token;
            if (authHeader != null && !authHeader.isEmpty()) {
                if (!authHeader.startsWith("Bearer ")) {
                    writePlain(ex, 401, "invalid authorization header. Must start with Bearer ");
                    return;
                }
                token = authHeader.substring("Bearer ".length());
            } else {
                token = queryParam(ex.getRequestURI().getRawQuery(), "access_token");
            }
            if (token == null || token.isEmpty()) {
                grants = Grants.NONE;
            } else {
                // pkg/service/auth.go APIKeyAuthMiddleware.ServeHTTP: parse without verifying, look the key up,
                // then verify; each failure is a plain-text 401 with its own message
                String issuer = unverifiedIssuer(token);
                if (issuer == null) {
                    writePlain(ex, 401, "invalid authorization token");
                    return;
                }
                if (!issuer.equals(apiKey)) {
                    writePlain(ex, 401, "invalid API key");
                    return;
                }
                try {
                    JsonNode claims = IndependentJwtCodec.verify(token, apiSecret, apiKey, clock.instant(), clockSkew);
                    grants = Grants.from(claims);
                } catch (IndependentJwtCodec.InvalidTokenException e) {
                    writePlain(ex, 401, "invalid authorization token: " + e.getMessage());
                    return;
                }
            }

            Message request;
            try {
                if (json) {
                    Message.Builder b = route.prototype().newBuilderForType();
                    PARSER.merge(new String(body, StandardCharsets.UTF_8), b);
                    request = b.build();
                } else {
                    request = route.prototype().getParserForType().parseFrom(body);
                }
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw new TwirpException(
                        TwirpCode.MALFORMED,
                        "the " + (json ? "json" : "protobuf") + " request could not be decoded: " + e.getMessage());
            }

            Message response = route.rpc().handle(request, grants);
            if (json) {
                write(ex, 200, "application/json", toJson(response));
            } else {
                write(ex, 200, "application/protobuf", response.toByteArray());
            }
        } catch (TwirpException e) {
            writeTwirpError(ex, e);
        }
    }

    /**
     * The protojson answer LiveKit gives: see {@link #PRINTER}; unset singular message fields outside oneofs are
     * added as {@code null}, as protojson's {@code EmitUnpopulated} does.
     *
     * @param message the response
     * @return the JSON bytes
     * @throws IOException if printing fails
     */
    public static byte[] toJson(Message message) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(PRINTER.print(message));
        addNulls(message, node);
        return JSON.writeValueAsBytes(node);
    }

    private static void addNulls(Message message, ObjectNode node) {
        for (FieldDescriptor f : message.getDescriptorForType().getFields()) {
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isMapField()) {
                continue;
            }
            if (f.isRepeated()) {
                JsonNode array = node.get(f.getName());
                for (int i = 0; array != null && i < message.getRepeatedFieldCount(f) && i < array.size(); i++) {
                    if (array.get(i) instanceof ObjectNode child) {
                        addNulls((Message) message.getRepeatedField(f, i), child);
                    }
                }
            } else if (message.hasField(f)) {
                if (node.get(f.getName()) instanceof ObjectNode child) {
                    addNulls((Message) message.getField(f), child);
                }
            } else if (f.getContainingOneof() == null && !isWellKnownValue(f)) {
                node.putNull(f.getName());
            }
        }
    }

    private static boolean isWellKnownValue(FieldDescriptor f) {
        // google.protobuf.Value prints its own null; the others are absent when unset, as in protojson
        return f.getMessageType().getFullName().equals("google.protobuf.Value");
    }

    /**
     * The {@code iss} of a token, read without verifying it (as {@code auth.ParseAPIToken}).
     *
     * @param token the compact JWT
     * @return the issuer ("" if none), or null if the token cannot be parsed
     */
    static @Nullable String unverifiedIssuer(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
            JsonNode iss = claims == null ? null : claims.get("iss");
            return iss != null && iss.isTextual() ? iss.asText() : "";
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** @return true if the fault answered (or dropped) the request, false to go on handling it */
    private boolean applyFault(HttpExchange ex, Fault fault) throws IOException {
        if (fault instanceof Fault.TwirpError t) {
            writeTwirpError(ex, new TwirpException(t.code(), t.msg()));
            return true;
        }
        if (fault instanceof Fault.HttpStatus h) {
            writeTwirpError(
                    ex,
                    h.status(),
                    TwirpCode.forHttpStatus(h.status()).code(),
                    "injected HTTP " + h.status(),
                    Map.of());
            return true;
        }
        if (fault instanceof Fault.Raw r) {
            write(ex, r.status(), r.contentType(), r.body().getBytes(StandardCharsets.UTF_8));
            return true;
        }
        if (fault instanceof Fault.Delay d) {
            try {
                Thread.sleep(d.delay().toMillis());
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        // DropConnection: closing the exchange before any response header closes the socket without an answer
        return true;
    }

    private static TwirpException badRoute(String msg, String httpMethod, String path) {
        return new TwirpException(TwirpCode.BAD_ROUTE, msg, Map.of("twirp_invalid_route", httpMethod + " " + path));
    }

    private static void writeTwirpError(HttpExchange ex, TwirpException e) throws IOException {
        writeTwirpError(ex, e.code().httpStatus(), e.code().code(), String.valueOf(e.getMessage()), e.meta());
    }

    private static void writeTwirpError(HttpExchange ex, int status, String code, String msg, Map<String, String> meta)
            throws IOException {
        ObjectNode node = JSON.createObjectNode().put("code", code).put("msg", msg);
        if (!meta.isEmpty()) {
            ObjectNode m = node.putObject("meta");
            meta.forEach(m::put);
        }
        write(ex, status, "application/json", JSON.writeValueAsBytes(node));
    }

    private static void writePlain(HttpExchange ex, int status, String text) throws IOException {
        // pkg/service/utils.go HandleError writes err.Error() as it is, with no newline
        write(ex, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new TwirpException(TwirpCode.MALFORMED, "request body larger than " + MAX_BODY + " bytes");
        }
        return body;
    }

    private static String headerOrEmpty(HttpExchange ex, String name) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    private static @Nullable String queryParam(@Nullable String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
