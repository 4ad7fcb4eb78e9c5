package io.meetkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one bulk outcome that meeting and recording bulk deletes share. */
class BulkOutcomeTest {

    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    @DisplayName("each id runs on its own, duplicates once; a MeetingException becomes that id's failure")
    void eachOnItsOwn() {
        List<UUID> seen = new ArrayList<>();
        BulkOutcome<String> out = BulkOutcome.forEach("ids", List.of(a, b, a), id -> {
            seen.add(id);
            if (id.equals(b)) {
                throw new NotFoundException(NotFoundException.MEETING_NOT_FOUND, "gone: " + id);
            }
            return "done " + id;
        });

        assertThat(seen).containsExactly(a, b);
        assertThat(out.succeeded()).containsExactly("done " + a);
        assertThat(out.failed()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(b);
            assertThat(f.error().code()).isEqualTo(NotFoundException.MEETING_NOT_FOUND);
        });
        assertThat(out.allSucceeded()).isFalse();
    }

    @Test
    @DisplayName("no ids, too many ids, or a null id are refused before anything runs, naming the field")
    void refusedBeforeRunning() {
        List<UUID> seen = new ArrayList<>();
        List<UUID> tooMany = IntStream.rangeClosed(0, BulkOutcome.MAX_IDS)
                .mapToObj(i -> UUID.randomUUID())
                .toList();

        assertThatThrownBy(() -> BulkOutcome.forEach("recordingIds", List.of(), seen::add))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("recordingIds");
        assertThatThrownBy(() -> BulkOutcome.forEach("recordingIds", tooMany, seen::add))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(String.valueOf(BulkOutcome.MAX_IDS + 1));
        assertThatThrownBy(() -> BulkOutcome.forEach("ids", Arrays.asList(a, null), seen::add))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ids must not hold null");
        assertThat(seen).isEmpty();
    }

    @Test
    @DisplayName("the lists are copies: changing what was passed in changes nothing")
    void copies() {
        List<String> ok = new ArrayList<>(List.of("x"));
        BulkOutcome<String> out = new BulkOutcome<>(ok, Collections.emptyList());
        ok.add("y");
        assertThat(out.succeeded()).containsExactly("x");
        assertThat(out.allSucceeded()).isTrue();
    }
}
