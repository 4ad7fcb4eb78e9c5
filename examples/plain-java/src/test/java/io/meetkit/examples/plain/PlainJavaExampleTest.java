package io.meetkit.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.meeting.Meeting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJavaExampleTest {

    @Test
    void runsAgainstItsOwnFakeLiveKitWhenNoLiveKitIsConfigured() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        Meeting meeting = PlainJavaExample.run(Map.of(), out);

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("using an in-process FakeLiveKitServer");
        assertThat(printed).contains("Created Team sync in LiveKit room " + meeting.roomName());
        assertThat(printed).contains("Alice joins http://127.0.0.1:");
        assertThat(printed).contains(" as SPEAKER");
        assertThat(printed).contains(meeting.id() + "  OPEN  Team sync");
        // issuing the token made no LiveKit call (LiveKit creates the room when Alice joins), and nobody joined
        assertThat(printed).contains("Ended (live room: false), now OPEN");
    }
}
