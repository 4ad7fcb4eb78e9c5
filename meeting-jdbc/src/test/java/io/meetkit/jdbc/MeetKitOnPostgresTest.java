package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.meetkit.MeetKit;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.DeletionOutcome;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingQuery;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.Page;
import io.meetkit.testkit.FakeLiveKitExtension;
import io.meetkit.testkit.FakeLiveKitServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MeetKit itself on JdbcStores and PostgreSQL, against the fake LiveKit: what an application sees. */
class MeetKitOnPostgresTest {

    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension();

    private MeetKit meetKit(JdbcStores stores) {
        FakeLiveKitServer fake = LIVEKIT.server();
        return MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .callTimeout(Duration.ofSeconds(2))
                .stores(stores)
                .build();
    }

    @Test
    void meetingsSurviveARestartOfTheApplication() {
        TestDatabase db = TestDatabase.postgres();
        db.clean();
        List<Meeting> created = new ArrayList<>();
        try (HikariDataSource pool = db.pool("app-1", 4);
                MeetKit kit = meetKit(JdbcStores.create(pool))) {
            for (int i = 0; i < 7; i++) {
                created.add(kit.meetings()
                        .create(CreateMeeting.builder("Design review " + i, "ann")
                                .attribute("team", "blue")
                                .build()));
            }
            kit.meetings().close(created.get(0).id());
        }
        try (HikariDataSource pool = db.pool("app-2", 4);
                MeetKit kit = meetKit(JdbcStores.create(pool))) {
            Meeting first = kit.meetings().require(created.get(0).id());
            assertThat(first.status()).isEqualTo(MeetingStatus.CLOSED);
            assertThat(first.attributes()).containsEntry("team", "blue");
            assertThat(kit.meetings().findByRoomName(created.get(3).roomName())).contains(created.get(3));

            List<Meeting> listed = new ArrayList<>();
            MeetingQuery query = MeetingQuery.builder()
                    .createdBy("ann")
                    .titleContains("REVIEW")
                    .limit(3)
                    .build();
            Page<Meeting> page = kit.meetings().list(query);
            listed.addAll(page.items());
            while (page.hasNext()) {
                page = kit.meetings()
                        .list(MeetingQuery.builder()
                                .createdBy("ann")
                                .titleContains("REVIEW")
                                .limit(3)
                                .cursor(page.next().orElseThrow())
                                .build());
                listed.addAll(page.items());
            }
            assertThat(listed)
                    .extracting(Meeting::id)
                    .containsExactlyInAnyOrderElementsOf(
                            created.stream().map(Meeting::id).toList());
            assertThat(listed.get(0).createdAt())
                    .isAfterOrEqualTo(listed.get(listed.size() - 1).createdAt());

            assertThat(kit.meetings()
                            .delete(created.get(1).id(), DeletionPolicy.FAIL_IF_IN_USE)
                            .outcome())
                    .isEqualTo(DeletionOutcome.DELETED);
            assertThat(db.a.meetings().findById(created.get(1).id())).isEmpty();
        }
    }
}
