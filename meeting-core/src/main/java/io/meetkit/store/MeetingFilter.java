package io.meetkit.store;

import io.meetkit.meeting.MeetingStatus;
import org.jspecify.annotations.Nullable;

/**
 * The filters of a meeting page, already validated.
 *
 * @param status only this status, or {@code null}
 * @param createdBy only this creator, or {@code null}
 * @param titleContains only titles containing this text case-insensitively ({@code Locale.ROOT} lower case); the
 *     text is data, never SQL or a pattern: {@code %} and {@code _} match themselves
 */
public record MeetingFilter(
        @Nullable MeetingStatus status,
        @Nullable String createdBy,
        @Nullable String titleContains) {

    /** No filter. */
    public static final MeetingFilter ALL = new MeetingFilter(null, null, null);
}
