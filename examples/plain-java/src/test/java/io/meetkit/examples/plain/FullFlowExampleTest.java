package io.meetkit.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FullFlowExampleTest {

    @Test
    void meetingTokenWebhooksRecordingAndDeletion() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

        byte[] file = FullFlowExample.run(out);

        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("Created Design review (OPEN)");
        assertThat(printed).containsPattern("Token for Alice in room design-review-\\S+, verified");
        assertThat(printed).contains("Webhook: meeting is ACTIVE");
        assertThat(printed).contains("Recording COMPLETE, " + file.length + " bytes");
        assertThat(printed).contains("Downloaded " + file.length + " bytes (HTTP 200)");
        assertThat(printed).contains("Deleted: DELETED, 1 recording(s)");
        assertThat(file).isNotEmpty();
        // the simulated egress writes an MP4 container: "ftyp" at offset 4
        assertThat(new String(file, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    }
}
