package io.meetkit.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request that reached the fake, as logged by {@link FakeLiveKitServer#requests()}; faulted, unauthorized
 * and malformed requests are logged too. Immutable, so safe to share between threads.
 *
 * @param httpMethod  e.g. {@code POST}
 * @param path        the request path, e.g. {@code /twirp/livekit.RoomService/CreateRoom}
 * @param service     the Twirp service, e.g. {@code livekit.RoomService}, or empty when the path is not Twirp
 * @param method      the Twirp method (RPC name), e.g. {@code CreateRoom}, or empty when the path is not Twirp
 * @param contentType the request {@code Content-Type} header as sent, empty if none
 * @param receivedAt  when it arrived, by the server's clock
 * @param query       the raw (still percent-encoded) query string as sent, empty if none; a client's signal
 *                    connection ({@code GET /rtc/v1?access_token=…}) carries its token here
 */
public record RecordedRequest(
        String httpMethod,
        String path,
        String service,
        String method,
        String contentType,
        Instant receivedAt,
        String query) {

    /**
     * Validates the parts.
     *
     * @throws NullPointerException if a part is null
     */
    public RecordedRequest {
        Objects.requireNonNull(httpMethod, "httpMethod");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(query, "query");
    }

    /**
     * A request without a query string.
     *
     * @param httpMethod  e.g. {@code POST}
     * @param path        the request path
     * @param service     the Twirp service, or empty
     * @param method      the Twirp method, or empty
     * @param contentType the {@code Content-Type} header, empty if none
     * @param receivedAt  when it arrived
     * @throws NullPointerException if a part is null
     */
    public RecordedRequest(
            String httpMethod, String path, String service, String method, String contentType, Instant receivedAt) {
        this(httpMethod, path, service, method, contentType, receivedAt, "");
    }

    /**
     * The first value of a query parameter, decoded ({@code application/x-www-form-urlencoded}, as browsers'
     * {@code URLSearchParams} encode it).
     *
     * @param name the parameter name, e.g. {@code access_token}
     * @return its first value, or empty when the query has no such parameter
     * @throws NullPointerException if {@code name} is null
     */
    public Optional<String> queryParameter(String name) {
        Objects.requireNonNull(name, "name");
        if (query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the body was JSON ({@code application/json}, parameters ignored).
     *
     * @return true for JSON requests
     */
    public boolean isJson() {
        return contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }
}
