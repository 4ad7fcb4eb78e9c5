/** RecordingController against FakeLiveKitServer and an in-process S3. */
@NullMarked
package io.meetkit.recording;

import org.jspecify.annotations.NullMarked;
