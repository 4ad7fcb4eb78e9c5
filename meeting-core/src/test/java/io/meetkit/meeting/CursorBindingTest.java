package io.meetkit.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.InvalidRequestException;
import io.meetkit.MeetKit;
import io.meetkit.recording.RecordingQuery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A page cursor is bound to its listing (issue 13, path 5). */
class CursorBindingTest {

    @Test
    void aMeetingsCursorSentToTheRecordingsListIsAnInvalidRequest() {
        try (MeetKit kit = MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9")
                .apiKey("key")
                .apiSecret("0123456789abcdef0123456789abcdef")
                .clock(new MeetingManagerTest.TickingClock(Instant.parse("2026-01-01T00:00:00Z")))
                .build()) {
            for (int i = 0; i < 3; i++) {
                kit.meetings()
                        .create(CreateMeeting.builder("Meeting " + i, "u1").build());
            }
            String cursor =
                    kit.meetings().list(MeetingQuery.builder().limit(1).build()).nextCursor();
            assertThat(cursor).isNotNull();

            assertThatThrownBy(() -> kit.recordings()
                            .list(RecordingQuery.builder().cursor(cursor).build()))
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.code()).isEqualTo("invalid_request"));
            // the same cursor still reads the meetings' next page
            assertThat(kit.meetings()
                            .list(MeetingQuery.builder().limit(1).cursor(cursor).build())
                            .items())
                    .hasSize(1);
        }
    }
}
