package io.meetkit.recording;

/** The encoding preset of a recording: LiveKit egress's {@code EncodingOptionsPreset}, one to one. */
public enum RecordingEncoding {
    /** 1280x720, 30 fps, landscape (LiveKit's default). */
    H264_720P_30,
    /** 1280x720, 60 fps, landscape. */
    H264_720P_60,
    /** 1920x1080, 30 fps, landscape. */
    H264_1080P_30,
    /** 1920x1080, 60 fps, landscape. */
    H264_1080P_60,
    /** 720x1280, 30 fps, portrait. */
    PORTRAIT_H264_720P_30,
    /** 720x1280, 60 fps, portrait. */
    PORTRAIT_H264_720P_60,
    /** 1080x1920, 30 fps, portrait. */
    PORTRAIT_H264_1080P_30,
    /** 1080x1920, 60 fps, portrait. */
    PORTRAIT_H264_1080P_60
}
