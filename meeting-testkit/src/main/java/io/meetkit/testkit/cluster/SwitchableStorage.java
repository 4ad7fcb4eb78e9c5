package io.meetkit.testkit.cluster;

import io.meetkit.RecordingStorageException;
import io.meetkit.recording.ByteRange;
import io.meetkit.recording.DownloadUrl;
import io.meetkit.recording.EgressS3Upload;
import io.meetkit.recording.RecordingContent;
import io.meetkit.recording.RecordingStorage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A recording storage that answers as an unreachable S3 while its switch says so: every call throws a retryable
 * {@link RecordingStorageException} and never reaches the real storage. {@link #egressUpload()} (configuration the
 * egress request carries, no S3 call) always passes through. Thread-safe.
 */
final class SwitchableStorage implements RecordingStorage {

    private final RecordingStorage delegate;
    private final BooleanSupplier down;

    SwitchableStorage(RecordingStorage delegate, BooleanSupplier down) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.down = Objects.requireNonNull(down, "down");
    }

    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

    /** How many calls were refused while switched off. */
    int refused() {
        return refused.get();
    }

    private void check(String call) {
        if (down.getAsBoolean()) {
            refused.incrementAndGet();
            throw new RecordingStorageException(
                    "injected storage failure at " + call + ": S3 unreachable (switched off)", true, null);
        }
    }

    @Override
    public Optional<EgressS3Upload> egressUpload() {
        return delegate.egressUpload();
    }

    @Override
    public OptionalLong size(String key) {
        check("size");
        return delegate.size(key);
    }

    @Override
    public void delete(String key) {
        check("delete");
        delegate.delete(key);
    }

    @Override
    public DownloadUrl presignedGet(String key, Duration ttl) {
        check("presignedGet");
        return delegate.presignedGet(key, ttl);
    }

    @Override
    public RecordingContent open(String key, @Nullable ByteRange range) {
        check("open");
        return delegate.open(key, range);
    }

    /** Closes the real storage when it is closeable (an {@code S3RecordingStorage} is). */
    void closeDelegate() throws Exception {
        if (delegate instanceof AutoCloseable c) {
            c.close();
        }
    }
}
