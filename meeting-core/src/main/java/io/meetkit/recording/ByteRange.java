package io.meetkit.recording;

import io.meetkit.InvalidRequestException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A range of bytes of a recording file, as in an HTTP {@code Range: bytes=start-end} request: {@code start} and the
 * inclusive {@code end}, or no end for "to the end of the file". An end past the file's end is cut to it; a start
 * past it is an error when the range is resolved.
 *
 * @param start the first byte, from 0
 * @param end the last byte, inclusive, or {@code null} for the rest of the file
 */
public record ByteRange(long start, @Nullable Long end) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if start is negative or end is before start
     */
    public ByteRange {
        if (start < 0) {
            throw new IllegalArgumentException("start must not be negative: " + start);
        }
        if (end != null && end < start) {
            throw new IllegalArgumentException("end must not be before start: " + start + "-" + end);
        }
    }

    /** Bytes {@code start} to {@code end}, both inclusive. */
    public static ByteRange of(long start, long end) {
        return new ByteRange(start, end);
    }

    /** From {@code start} to the end of the file. */
    public static ByteRange from(long start) {
        return new ByteRange(start, null);
    }

    /**
     * The first {@code length} bytes.
     *
     * @throws IllegalArgumentException if length is not positive
     */
    public static ByteRange first(long length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        return new ByteRange(0, length - 1);
    }

    /**
     * Parses one HTTP range, {@code bytes=start-end} or {@code bytes=start-}. Suffix ranges ({@code bytes=-500})
     * and several ranges are not supported.
     *
     * @throws InvalidRequestException (field {@code range}) if the header is not of that form
     */
    public static ByteRange parseHttp(String header) {
        Objects.requireNonNull(header, "header");
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
            throw new InvalidRequestException("range", "must be one range 'bytes=start-end' or 'bytes=start-'");
        }
        String spec = h.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash <= 0) {
            throw new InvalidRequestException(
                    "range", "must be 'bytes=start-end' or 'bytes=start-'; suffix ranges " + "are not supported");
        }
        try {
            long start = Long.parseLong(spec.substring(0, dash).strip());
            String endText = spec.substring(dash + 1).strip();
            Long end = endText.isEmpty() ? null : Long.parseLong(endText);
            return new ByteRange(start, end);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("range", "is not a valid byte range: " + e.getMessage());
        }
    }

    /**
     * Returns the last byte this range covers in a file of {@code totalSize} bytes (inclusive).
     *
     * @throws InvalidRequestException (field {@code range}) if the range starts at or past the end of the file
     */
    public long lastByte(long totalSize) {
        if (start >= totalSize) {
            throw new InvalidRequestException(
                    "range", "starts at byte " + start + ", past the end of the " + totalSize + "-byte recording");
        }
        return end == null ? totalSize - 1 : Math.min(end, totalSize - 1);
    }

    /** Returns the HTTP form, {@code bytes=start-end} or {@code bytes=start-}. */
    public String toHttp() {
        return "bytes=" + start + "-" + (end == null ? "" : end.toString());
    }
}
