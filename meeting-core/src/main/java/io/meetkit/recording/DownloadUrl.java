package io.meetkit.recording;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A presigned URL that lets anyone who has it download one recording file with a plain HTTP GET until it expires.
 * Treat it as a secret: it is a bearer credential for that file.
 *
 * @param url the URL
 * @param expiresAt when the storage stops accepting it
 */
public record DownloadUrl(URI url, Instant expiresAt) {
    /** Validates the components. */
    public DownloadUrl {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "DownloadUrl{url=" + url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath()
                + "?…, expiresAt=" + expiresAt + '}';
    }
}
