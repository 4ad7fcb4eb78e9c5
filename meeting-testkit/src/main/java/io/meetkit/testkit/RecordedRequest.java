package io.meetkit.testkit;

import java.time.Instant;
import java.util.Objects;

/**
 * One HTTP request that reached the fake, as logged by {@link FakeLiveKitServer#requests()}; faulted, unauthorized
 * and malformed requests are logged too.
 *
 * @param httpMethod  e.g. {@code POST}
 * @param path        the request path, e.g. {@code /twirp/livekit.RoomService/CreateRoom}
 * @param service     the Twirp service, e.g. {@code livekit.RoomService}, or empty when the path is not Twirp
 * @param method      the Twirp method (RPC name), e.g. {@code CreateRoom}, or empty when the path is not Twirp
 * @param contentType the request {@code Content-Type} header as sent, empty if none
 * @param receivedAt  when it arrived, by the server's clock
 */
public record RecordedRequest(
        String httpMethod, String path, String service, String method, String contentType, Instant receivedAt) {

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
