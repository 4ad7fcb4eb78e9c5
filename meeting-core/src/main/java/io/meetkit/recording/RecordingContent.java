package io.meetkit.recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An open stream over (part of) a recording file, with what an HTTP range response needs: the byte range served,
 * the whole file's size and the content type. Close it when done; it holds a connection to the storage.
 * Not thread-safe.
 */
public final class RecordingContent implements AutoCloseable {

    private final InputStream stream;
    private final long start;
    private final long end;
    private final long totalSize;
    private final boolean partial;
    private final String contentType;

    /**
     * Creates the content. Storage implementations call this.
     *
     * @param stream the bytes from {@code start} to {@code end}
     * @param start the first byte served
     * @param end the last byte served, inclusive ({@code -1} for an empty file)
     * @param totalSize the size of the whole file
     * @param partial whether a range was asked for (HTTP 206) rather than the whole file (HTTP 200)
     * @param contentType the media type, for example {@code video/mp4}
     * @throws IllegalArgumentException if the range does not fit the size
     */
    public RecordingContent(
            InputStream stream, long start, long end, long totalSize, boolean partial, String contentType) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        if (start < 0 || end < start - 1 || end >= totalSize) {
            throw new IllegalArgumentException("range " + start + "-" + end + " does not fit " + totalSize + " bytes");
        }
        this.start = start;
        this.end = end;
        this.totalSize = totalSize;
        this.partial = partial;
    }

    /** The bytes served; read it once. */
    public InputStream stream() {
        return stream;
    }

    /** Reads all the bytes served (for small files and tests). */
    public byte[] readAllBytes() {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first byte served. */
    public long start() {
        return start;
    }

    /** The last byte served, inclusive. */
    public long end() {
        return end;
    }

    /** How many bytes are served. */
    public long length() {
        return end - start + 1;
    }

    /** The size of the whole file. */
    public long totalSize() {
        return totalSize;
    }

    /** Whether a range was asked for: answer HTTP 206 with {@link #contentRange()}, else 200. */
    public boolean partial() {
        return partial;
    }

    /** The media type, for example {@code video/mp4}. */
    public String contentType() {
        return contentType;
    }

    /** The HTTP {@code Content-Range} value, {@code bytes start-end/total}. */
    public String contentRange() {
        return "bytes " + start + "-" + end + "/" + totalSize;
    }

    /** Closes the stream and releases the storage connection. */
    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "RecordingContent{" + contentRange() + ", partial=" + partial + ", contentType=" + contentType + '}';
    }
}
