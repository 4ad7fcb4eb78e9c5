package io.meetkit.livekit;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The production {@link LiveKitGateway}: LiveKit's server API over the official {@code io.livekit:livekit-server}
 * SDK (Twirp with protobuf bodies, a short-lived least-grant JWT per call, a timeout on every call), holding an HTTP
 * client that {@link #close()} releases. {@code MeetKit.build()} creates one unless the builder was given a gateway;
 * to create one yourself (to share it, or for a health check), call
 * {@code MeetKit.liveKitGateway(url, apiKey, apiSecret, callTimeout)}.
 *
 * <p>Implementations are thread-safe.
 */
public interface LiveKitServerGateway extends LiveKitGateway, AutoCloseable {

    /**
     * Returns the HTTP API URL this gateway calls (as {@link #apiUrl(String)} makes it).
     *
     * @return the URL, ending with {@code /}
     */
    String url();

    /** Releases the HTTP client's threads and connections. Calls made afterwards fail. */
    @Override
    void close();

    /**
     * Returns the HTTP API URL for a LiveKit URL as clients know it: {@code wss://host} becomes {@code https://host/}.
     * Thread-safe (a pure function).
     *
     * @param url the LiveKit URL, {@code http}, {@code https}, {@code ws} or {@code wss}
     * @return the HTTP API URL, ending with {@code /}
     * @throws IllegalArgumentException if the URL is not an absolute http, https, ws or wss URL
     */
    static String apiUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LiveKit url is not a URL: " + url, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String http = switch (scheme) {
            case "http", "ws" -> "http";
            case "https", "wss" -> "https";
            default ->
                throw new IllegalArgumentException(
                        "LiveKit url must start with http://, https://, ws:// or wss://: " + url);
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("LiveKit url has no host: " + url);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return http + "://" + uri.getRawAuthority() + path;
    }
}
