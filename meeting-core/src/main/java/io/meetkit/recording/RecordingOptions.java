package io.meetkit.recording;

import java.util.Objects;

/**
 * How to record a meeting: layout, audio only, encoding preset. Immutable; build with {@link #builder()}.
 */
public final class RecordingOptions {

    private static final RecordingOptions DEFAULTS = builder().build();

    private final RecordingLayout layout;
    private final boolean audioOnly;
    private final RecordingEncoding encoding;

    private RecordingOptions(Builder b) {
        this.layout = b.layout;
        this.audioOnly = b.audioOnly;
        this.encoding = b.encoding;
    }

    /** Returns the defaults: grid layout, audio and video, H.264 720p 30 fps. */
    public static RecordingOptions defaults() {
        return DEFAULTS;
    }

    /** Returns a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The layout. */
    public RecordingLayout layout() {
        return layout;
    }

    /** Whether only audio is recorded. */
    public boolean audioOnly() {
        return audioOnly;
    }

    /** The encoding preset. */
    public RecordingEncoding encoding() {
        return encoding;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordingOptions r
                && layout == r.layout
                && audioOnly == r.audioOnly
                && encoding == r.encoding;
    }

    @Override
    public int hashCode() {
        return Objects.hash(layout, audioOnly, encoding);
    }

    @Override
    public String toString() {
        return "RecordingOptions{layout=" + layout + ", audioOnly=" + audioOnly + ", encoding=" + encoding + '}';
    }

    /** Builds {@link RecordingOptions}. Not thread-safe. */
    public static final class Builder {
        private RecordingLayout layout = RecordingLayout.GRID;
        private boolean audioOnly;
        private RecordingEncoding encoding = RecordingEncoding.H264_720P_30;

        private Builder() {}

        /** Sets the layout (default {@link RecordingLayout#GRID}). */
        public Builder layout(RecordingLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** Records audio only (default {@code false}). */
        public Builder audioOnly(boolean audioOnly) {
            this.audioOnly = audioOnly;
            return this;
        }

        /** Sets the encoding preset (default {@link RecordingEncoding#H264_720P_30}). */
        public Builder encoding(RecordingEncoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /** Returns the options. */
        public RecordingOptions build() {
            return new RecordingOptions(this);
        }
    }
}
