/**
 * Recordings of meetings to S3 through LiveKit egress: {@link io.meetkit.recording.Recording} and its status.
 */
@NullMarked
package io.meetkit.recording;

import org.jspecify.annotations.NullMarked;
