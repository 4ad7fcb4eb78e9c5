package io.meetkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.MeetKit;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.livekit.LiveKitWebhooks;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.S3RecordingStorage;
import io.meetkit.rules.InputRules;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The starter's property defaults and ranges are core's, never retyped literals that can drift. */
class MeetKitPropertiesDefaultsTest {

    @Test
    @DisplayName("every default the starter shares with core is core's value")
    void defaultsAreCoresDefaults() {
        MeetKitProperties p = new MeetKitProperties();

        assertThat(p.getWebhook().getMaxBodySize().toBytes())
                .as("webhook body limit")
                .isEqualTo(LiveKitWebhooks.DEFAULT_BODY_LIMIT);
        assertThat(p.getLivekit().getTimeout()).isEqualTo(MeetKit.DEFAULT_CALL_TIMEOUT);
        assertThat(p.getTokens().getTtl()).isEqualTo(ParticipantTokens.DEFAULT_TOKEN_TTL);
        assertThat(p.getTokens().getClockSkew()).isEqualTo(InputRules.DEFAULT_CLOCK_SKEW);
        assertThat(p.getRecording().getS3().getRegion()).isEqualTo(S3RecordingStorage.DEFAULT_REGION);
        assertThat(p.getRecording().getS3().getPrefix()).isEqualTo(RecordingController.DEFAULT_KEY_PREFIX);
        assertThat(p.getJdbc().getTablePrefix()).isEqualTo(JdbcStores.DEFAULT_TABLE_PREFIX);
        assertThat(p.getRecording().getAutoRecordParticipants())
                .isEqualTo(RecordingController.DEFAULT_AUTO_RECORD_PARTICIPANTS);
    }

    @Test
    @DisplayName("auto-record-participants below 1 is refused, naming the property")
    void autoRecordParticipantsAtLeastOne() {
        MeetKitProperties.Recording recording = new MeetKitProperties.Recording();
        recording.setAutoRecordParticipants(1);
        assertThat(recording.getAutoRecordParticipants()).isEqualTo(1);
        assertThatThrownBy(() -> recording.setAutoRecordParticipants(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("meetkit.recording.auto-record-participants must be at least 1: 0");
    }

    @Test
    @DisplayName("the clock-skew range and the token lifetime limit are core's")
    void rangesAreCoresRanges() {
        MeetKitProperties.Tokens tokens = new MeetKitProperties.Tokens();
        tokens.setClockSkew(InputRules.MAX_CLOCK_SKEW);
        tokens.setTtl(ParticipantTokens.MAX_TOKEN_TTL);
        assertThat(tokens.getClockSkew()).isEqualTo(InputRules.MAX_CLOCK_SKEW);

        assertThatThrownBy(() -> tokens.setClockSkew(InputRules.MAX_CLOCK_SKEW.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("meetkit.tokens.clock-skew must be between PT0S and PT10M: PT10M1S");
        assertThatThrownBy(() -> tokens.setTtl(ParticipantTokens.MAX_TOKEN_TTL.plus(Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("meetkit.tokens.ttl must be at most PT24H");
    }
}
