package io.meetkit.internal.participant;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetingException;
import io.meetkit.internal.jwt.JwtRejectedException;
import io.meetkit.participant.TokenRejectedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenRejectionsTest {

    @ParameterizedTest
    @EnumSource(JwtRejectedException.Reason.class)
    void everyCodecReasonMapsToAPublicReasonWithAStableCode(JwtRejectedException.Reason codecReason) {
        TokenRejectedException e = TokenRejections.tokenRejected(new JwtRejectedException(codecReason, "details"));

        TokenRejectedException.Reason expected = switch (codecReason) {
            case MALFORMED, BODY_HASH_MISMATCH, MISSING_SHA256 -> TokenRejectedException.Reason.MALFORMED;
            default -> TokenRejectedException.Reason.valueOf(codecReason.name());
        };
        assertThat(e.reason()).isEqualTo(expected);
        assertThat(e).isInstanceOf(MeetingException.class);
        assertThat(e.code()).isEqualTo("token_" + expected.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("details");
    }
}
