package io.meetkit.internal.meeting;

import io.meetkit.InvalidRequestException;
import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.internal.Secrets;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.LiveMeetingPolicy;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.RecordingsPolicy;
import io.meetkit.rules.InputRules;
import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation of what applications send to the meetings component, and the room names it draws. Stateless. Not API. */
final class MeetingInput {

    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final int SLUG_LENGTH = 32;
    private static final int ROOM_SUFFIX_LENGTH = 12;

    private MeetingInput() {}

    static String validTitle(String raw, List<Violation> violations) {
        String title = raw.strip();
        if (title.isEmpty()) {
            violations.add(new Violation("title", "must not be blank"));
        } else if (title.length() > MeetingManager.MAX_TITLE_LENGTH) {
            violations.add(new Violation(
                    "title", "must be at most " + MeetingManager.MAX_TITLE_LENGTH + " characters: " + title.length()));
        } else if (title.chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation("title", "must not contain control characters"));
        }
        return title;
    }

    static void validateAutoDelete(
            @Nullable Instant at, DeletionPolicy policy, Instant now, List<Violation> violations) {
        if (at == null) {
            return;
        }
        if (!at.isAfter(now)) {
            violations.add(new Violation("autoDeleteAt", "must be in the future: " + at));
        }
        if (policy.withMeeting() == LiveMeetingPolicy.FAIL) {
            violations.add(new Violation(
                    "autoDeletePolicy",
                    "must not fail on a live meeting: nobody would see the failure of an automatic deletion"));
        }
        if (policy.withRecordings() == RecordingsPolicy.FAIL) {
            // as OpenVidu Meet refuses it: the job would retry and skip such a meeting on every run, forever
            violations.add(new Violation(
                    "autoDeletePolicy",
                    "must not fail on recordings: nobody would see the failure of an automatic deletion"));
        }
    }

    static void validateAttributes(Map<String, String> attributes, List<Violation> violations) {
        InputRules.meetingAttributes(attributes, (field, message) -> violations.add(new Violation(field, message)));
    }

    static void validateFilter(String field, @Nullable String value, List<Violation> violations) {
        if (value != null && value.length() > MeetingManager.MAX_FILTER_LENGTH) {
            violations.add(new Violation(field, "must be at most " + MeetingManager.MAX_FILTER_LENGTH + " characters"));
        }
    }

    static void validIdentity(@Nullable String identity) {
        String problem = InputRules.identityProblem(identity);
        if (problem != null) {
            throw new InvalidRequestException("identity", problem);
        }
    }

    static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations, null);
        }
    }

    /** A readable, unique LiveKit room name: a slug of the title and a random suffix, e.g. {@code team-sync-k3x9…}. */
    static String roomName(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = NOT_SLUG.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-");
        slug = slug.replaceAll("^-+|-+$", "");
        if (slug.length() > SLUG_LENGTH) {
            slug = slug.substring(0, SLUG_LENGTH).replaceAll("-+$", "");
        }
        if (slug.isEmpty()) {
            slug = "meeting";
        }
        return slug + "-" + Secrets.randomAlphanumeric(ROOM_SUFFIX_LENGTH);
    }
}
