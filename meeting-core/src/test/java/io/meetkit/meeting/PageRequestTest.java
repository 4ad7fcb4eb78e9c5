package io.meetkit.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.recording.RecordingQuery;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The page part that MeetingQuery and RecordingQuery share. */
class PageRequestTest {

    @Test
    @DisplayName("both queries take their page size and cursor from the one page part, with one rule for the limit")
    void sharedByBothQueries() {
        MeetingQuery m = MeetingQuery.builder().limit(7).cursor("c1").build();
        RecordingQuery r = RecordingQuery.builder().limit(7).cursor("c1").build();

        assertThat(m.page()).isEqualTo(new PageRequest(7, "c1")).isEqualTo(r.page());
        assertThat(MeetingQuery.firstPage().page()).isEqualTo(PageRequest.first());
        assertThat(RecordingQuery.firstPage().limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
        for (int bad : new int[] {0, PageRequest.MAX_LIMIT + 1}) {
            assertThatThrownBy(() -> MeetingQuery.builder().limit(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("limit must be between 1 and " + PageRequest.MAX_LIMIT + ": " + bad);
            assertThatThrownBy(() -> RecordingQuery.builder().limit(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("limit must be between 1 and " + PageRequest.MAX_LIMIT + ": " + bad);
        }
    }

    @Test
    @DisplayName("toString never shows the cursor")
    void hidesCursor() {
        assertThat(new PageRequest(5, "secret-cursor").toString())
                .doesNotContain("secret-cursor")
                .contains("limit=5");
    }
}
