package io.meetkit.recording;

import io.meetkit.InvalidRequestException;
import io.meetkit.NotFoundException;
import io.meetkit.RecordingStorageException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Where recording files are stored, as MeetKit reads and deletes them: the port behind which
 * {@link S3RecordingStorage} (AWS S3 or any S3-compatible store) sits. Keys are
 * {@code <prefix>/<meetingId>/<recordingId>.mp4}.
 *
 * <p>Implementations are thread-safe. Every method throws {@link RecordingStorageException} when the storage fails or cannot
 * be reached ({@link RecordingStorageException#retryable()} says whether trying again may help).
 */
public interface RecordingStorage {

    /**
     * The S3 settings to hand to LiveKit egress with each recording request, or empty when the egress uploads with
     * its own storage configuration (which must point to the same bucket for downloads and deletes to work).
     */
    Optional<EgressS3Upload> egressUpload();

    /** Returns the size of the object, or empty if there is no such object. */
    OptionalLong size(String key);

    /** Deletes the object; a missing object is not an error. */
    void delete(String key);

    /**
     * Returns a URL that downloads the object with a plain HTTP GET until {@code ttl} has passed. The object's
     * existence is not checked.
     *
     * @throws IllegalArgumentException if the ttl is not positive or longer than the storage allows
     */
    DownloadUrl presignedGet(String key, Duration ttl);

    /**
     * Opens the object, whole ({@code range == null}) or a byte range of it.
     *
     * @throws NotFoundException if there is no such object
     * @throws InvalidRequestException (field {@code range}) if the range starts at or past the end of the object
     */
    RecordingContent open(String key, @Nullable ByteRange range);
}
