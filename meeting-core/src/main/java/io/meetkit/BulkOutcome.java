package io.meetkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a bulk call did, id by id: the results of the ids that succeeded and the failures of the others, each in the
 * order the ids were given. One failure never stops the others. Used by {@code MeetingManager.deleteAll} (results
 * are {@code DeletionResult}s) and {@code RecordingController.deleteAll} (results are the deleted ids).
 *
 * <p>Immutable and thread-safe.
 *
 * @param succeeded the results of the ids that succeeded
 * @param failed the ids that failed, with why
 * @param <T> the result of one id
 */
public record BulkOutcome<T>(List<T> succeeded, List<Failure> failed) {

    /** The most ids a bulk call takes. */
    public static final int MAX_IDS = 100;

    /**
     * One id that failed.
     *
     * @param id the meeting or recording
     * @param error why; {@link MeetingException#code()} is stable
     */
    public record Failure(UUID id, MeetingException error) {
        /** Validates the components. */
        public Failure {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(error, "error");
        }
    }

    /** Copies the lists. */
    public BulkOutcome {
        succeeded = List.copyOf(succeeded);
        failed = List.copyOf(failed);
    }

    /** Returns {@code true} when every id succeeded. */
    public boolean allSucceeded() {
        return failed.isEmpty();
    }

    /**
     * Runs {@code action} for each id on its own, duplicates once, and collects what happened; a
     * {@link MeetingException} becomes that id's failure, any other exception propagates.
     *
     * @param field the parameter name for the error message, for example {@code recordingIds}
     * @param ids 1 to {@value #MAX_IDS} ids, none {@code null}
     * @param action what to do with one id
     * @param <T> the result of one id
     * @throws InvalidRequestException (naming {@code field}) if there are no ids or more than {@value #MAX_IDS}
     * @throws NullPointerException if an id is {@code null} (nothing was done)
     */
    public static <T> BulkOutcome<T> forEach(String field, Collection<UUID> ids, Function<UUID, T> action) {
        Objects.requireNonNull(ids, field);
        Objects.requireNonNull(action, "action");
        if (ids.isEmpty()) {
            throw new InvalidRequestException(field, "must not be empty");
        }
        if (ids.size() > MAX_IDS) {
            throw new InvalidRequestException(field, "must hold at most " + MAX_IDS + " ids: " + ids.size());
        }
        LinkedHashSet<UUID> unique = new LinkedHashSet<>();
        for (UUID id : ids) {
            unique.add(Objects.requireNonNull(id, () -> field + " must not hold null"));
        }
        List<T> ok = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (UUID id : unique) {
            try {
                ok.add(action.apply(id));
            } catch (MeetingException e) {
                failed.add(new Failure(id, e));
            }
        }
        return new BulkOutcome<>(ok, failed);
    }
}
